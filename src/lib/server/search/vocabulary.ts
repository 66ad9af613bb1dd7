/**
 * The field's vocabulary, shared by both engines: Meilisearch gets it as index settings,
 * the Postgres engine expands queries with it. Change it here only.
 *
 * Each group lists terms that mean the same thing; a query containing one term also finds
 * the others. Terms are written naturally: both engines fold case and accents.
 */
export const SYNONYM_GROUPS: readonly (readonly string[])[] = [
	// Teacher training: the ESPE became the INSPE in 2019; the roadmap still says ESPE.
	[
		'inspe',
		'espe',
		'institut national supérieur du professorat et de l’éducation',
		'école supérieure du professorat et de l’éducation'
	],
	['lycée professionnel', 'lycée pro', 'lp'],
	[
		'lycée général et technologique',
		'lycée d’enseignement général et technologique',
		'legt',
		'lgt'
	],
	['lycée polyvalent', 'lpo'],
	['clg', 'collège'],
	['élémentaire', 'elem'],
	['tiers-lieu', 'tiers lieu', 'tiers-lieux', 'tiers lieux'],
	['fablab', 'fab lab', 'fab-lab'],
	['coworking', 'co-working'],
	['cyber-base', 'cyberbase', 'cyber base'],
	['epn', 'espace public numérique'],
	// MedNum BFC labels: MFS = Maison France Services, MSAP = Maison de services au public
	// (the network France Services replaced).
	['mfs', 'france services', 'maison france services'],
	['msap', 'maison de services au public'],
	['mjc', 'maison des jeunes et de la culture'],
	['mfr', 'maison familiale rurale'],
	['pij', 'point information jeunesse'],
	['ccas', 'centre communal d’action sociale'],
	['canopé', 'réseau canopé', 'cddp', 'crdp'],
	['iut', 'institut universitaire de technologie'],
	['ubfc', 'université bourgogne franche-comté'],
	['ube', 'université bourgogne europe'],
	['umlp', 'université marie et louis pasteur'],
	['utbm', 'université de technologie de belfort-montbéliard'],
	['ensmm', 'école nationale supérieure de mécanique et des microtechniques'],
	['bsb', 'burgundy school of business'],
	['cnrs', 'centre national de la recherche scientifique'],
	['umr', 'unité mixte de recherche'],
	['drane', 'délégation régionale académique au numérique éducatif'],
	['dane', 'délégation académique au numérique éducatif'],
	['visio', 'visioconférence', 'visio-conférence'],
	['st', 'saint'],
	['ste', 'sainte']
];

/**
 * Words too common to discriminate. Both engines ignore them in queries (Meilisearch in the
 * documents too), so « collège de Nevers » finds « Collège Nevers ».
 */
export const STOP_WORDS: readonly string[] = [
	'au',
	'aux',
	'de',
	'des',
	'du',
	'en',
	'et',
	'la',
	'le',
	'les',
	'un',
	'une',
	// Single letters (« d’ », « l’ », « à », initials of « R.P.I. », « C.C.R. ») say too little to
	// be searched, and each one would cost a round of relaxation when it matches nothing useful.
	...'abcdefghijklmnopqrstuvwxyz'
];

/**
 * Words and phrases that name a kind of structure. Query understanding (understand.ts) reads
 * them as one group that matches a structure when its text holds one of `terms` OR when the
 * structure has one of `categories`, and ranks the structures of those categories first: a
 * visitor typing « école » means the category, not only the names that spell it (« Groupe
 * scolaire Jean Macé » is an école). Phrases win over shorter ones and over the synonym groups
 * of the same length. Each entry says why it maps where it does.
 */
export interface DomainTerm {
	/** How visitors write it (folded like the data: case and accents do not matter). */
	terms: readonly string[];
	/** Categories it names; empty when the phrase is a kind of place no category covers. */
	categories: readonly string[];
	/** Words of the data that mean the same, searched as alternatives of the terms. */
	keywords?: readonly string[];
	reason: string;
}

export const DOMAIN_TERMS: readonly DomainTerm[] = [
	{
		terms: ['école', 'écoles', 'groupe scolaire'],
		categories: ['ecole'],
		reason: 'Primary schools are named « École… », « Groupe scolaire… » or after a person only.'
	},
	{
		terms: ['collège', 'collèges', 'clg'],
		categories: ['college'],
		reason: 'The Annuaire de l’éducation type « Collège ».'
	},
	{
		terms: ['lycée', 'lycées'],
		categories: ['lycee'],
		reason: 'Every kind of lycée (général, professionnel, polyvalent, agricole) is a lycée.'
	},
	{
		terms: ['université', 'universités', 'fac', 'faculté', 'enseignement supérieur'],
		categories: ['enseignement-superieur'],
		keywords: ['université'],
		reason: 'Universities and their components are higher-education establishments.'
	},
	{
		terms: ['iut', 'institut universitaire de technologie'],
		categories: ['enseignement-superieur'],
		keywords: ['iut', 'institut universitaire de technologie'],
		reason: 'IUTs are university components (higher education).'
	},
	{
		terms: ['école de commerce', 'école supérieure de commerce', 'business school'],
		categories: ['enseignement-superieur'],
		keywords: ['business', 'commerce', 'management'],
		reason:
			'Business schools rarely say « école de commerce » in their name (Burgundy School of Business).'
	},
	{
		terms: ['école d’ingénieurs', 'école d’ingénieur', 'école d’ingé', 'ingénieurs'],
		categories: ['enseignement-superieur'],
		keywords: ['ingénieurs', 'ingénieur', 'technologie', 'école nationale supérieure'],
		reason:
			'Engineering schools are named « École nationale supérieure… », « Université de technologie… ».'
	},
	{
		terms: ['inspe', 'espe'],
		categories: ['inspe'],
		keywords: ['inspe', 'espe', 'professorat'],
		reason: 'The ESPE became the INSPE in 2019; both name the teacher-training sites.'
	},
	{
		terms: ['atelier canopé', 'canopé', 'réseau canopé', 'cddp', 'crdp'],
		categories: ['canope'],
		keywords: ['canopé'],
		reason: 'Ateliers Canopé are the Réseau Canopé sites (formerly CRDP / CDDP).'
	},
	{
		terms: ['médiathèque', 'médiathèques', 'bibliothèque', 'bibliothèques'],
		categories: [],
		keywords: ['médiathèque', 'bibliothèque'],
		reason: 'Libraries are digital-mediation places among others: the name decides, not a category.'
	},
	{
		terms: ['france services', 'maison france services', 'mfs'],
		categories: [],
		keywords: ['france services', 'mfs'],
		reason: 'A label of digital-mediation places (MedNum BFC), not a category of its own.'
	},
	{
		terms: ['epn', 'espace public numérique', 'espaces publics numériques'],
		categories: ['mediation-numerique'],
		keywords: ['epn', 'espace public numérique'],
		reason: 'An EPN is a digital-mediation place.'
	},
	{
		terms: ['médiation numérique', 'lieu de médiation numérique', 'mednum'],
		categories: ['mediation-numerique'],
		keywords: ['médiation numérique'],
		reason: 'The category itself.'
	},
	{
		terms: ['fablab', 'fab lab', 'fab-lab', 'fablabs'],
		categories: ['fablab-tiers-lieu'],
		keywords: ['fablab', 'fab lab'],
		reason: 'Fablabs are in the fablab / tiers-lieu category.'
	},
	{
		terms: ['tiers lieu', 'tiers-lieu', 'tiers lieux', 'tiers-lieux'],
		categories: ['fablab-tiers-lieu'],
		keywords: ['tiers lieu'],
		reason: 'Tiers-lieux are in the fablab / tiers-lieu category.'
	},
	{
		terms: ['coworking', 'co-working', 'espace de coworking'],
		categories: ['fablab-tiers-lieu'],
		keywords: ['coworking'],
		reason: 'Coworking spaces are tiers-lieux.'
	},
	{
		terms: ['laboratoire', 'laboratoires', 'labo', 'unité de recherche', 'structure de recherche'],
		categories: ['recherche'],
		keywords: ['laboratoire'],
		reason: 'Research units are named after their field, not always « Laboratoire… ».'
	},
	{
		terms: ['incubateur', 'incubateurs'],
		categories: ['incubateur'],
		reason: 'The category itself.'
	},
	{
		terms: ['entreprise', 'entreprises', 'edtech'],
		categories: ['entreprise'],
		reason: 'The category itself.'
	},
	{
		terms: ['association', 'associations', 'asso'],
		categories: ['association'],
		reason: 'The category itself.'
	},
	{
		terms: ['mairie', 'collectivité', 'collectivités'],
		categories: ['collectivite'],
		keywords: ['mairie', 'commune'],
		reason: 'Town halls are the local authorities of the directory.'
	},
	{
		terms: ['point visio', 'visio', 'visioconférence', 'point de visioconférence'],
		categories: ['point-visio'],
		keywords: ['visioconférence'],
		reason: 'The videoconference points category.'
	}
];

/** « st » and « ste » abbreviate « saint » and « sainte » in commune names too. */
export const PLACE_ABBREVIATIONS: Readonly<Record<string, string>> = { st: 'saint', ste: 'sainte' };
