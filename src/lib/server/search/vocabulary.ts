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
	'a',
	'au',
	'aux',
	'd',
	'de',
	'des',
	'du',
	'en',
	'et',
	'l',
	'la',
	'le',
	'les',
	'un',
	'une'
];
