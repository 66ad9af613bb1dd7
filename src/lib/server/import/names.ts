import { fold } from './text';

/**
 * Readable French names from the ALL-CAPS names of official registers
 * ("ECOLE ELEMENTAIRE PUBLIQUE ST EXUPERY" → "École élémentaire publique St Exupéry").
 * Mixed-case names are the publisher's own spelling and are only tidied.
 */

/** Words whose capitals lost their accents in the registers (folded form → French form). */
const ACCENTS: Record<string, string> = Object.fromEntries(
	(
		'école élémentaire collège lycée général générale privé privée régional régionale ' +
		'établissement métiers pôle éducatif éducative adapté adaptée supérieur supérieure ' +
		'université étude études développement économie économique économiques stratégies ' +
		'matériaux procédés régulation régulations théoriser modéliser aménager ingénierie génique ' +
		'géosciences mathématiques moléculaire intégratives qualité sensorialités véhicules ' +
		'épithéliums prévention édition goût archéologie électronique mécanique épidémiologie ' +
		'cérébro hôte pathogènes antiquité agroécologie santé société sociétés systèmes énergie ' +
		'numérique médiation médiathèque bibliothèque frère frères père château forêt hôpital ' +
		'vallée étoile prés côte côtes fontenelle pédagogique intercommunalité léman ' +
		'andré rené émile édouard frédéric françois françoise hélène gérard léon léonard aimé ' +
		'aymé eugène jérôme clément célestin honoré thérèse macé exupéry jaurès cézanne ' +
		'geneviève désiré théodore valéry félix stéphane rémi noël joël raphaël michèle irène ' +
		'cécile élise éloi étienne élisabeth mendès léopold sédar prévert valère valérie ' +
		'gisèle josé hélios ampère fénelon jésus célestine séverine électricité numériques ' +
		'sirène colombière électrotechnique télécommunications génie géographie histoire comté ' +
		'écureuils helvétie arènes évaluation fréquence biogéosciences éducation'
	)
		.split(' ')
		.map((word) => [fold(word), word])
);

/** Register abbreviations, expanded. */
const ABBREVIATIONS: Record<string, string> = {
	elem: 'élémentaire',
	mat: 'maternelle',
	prim: 'primaire',
	scol: 'scolaire',
	gpe: 'groupe',
	grp: 'groupe',
	grpe: 'groupe',
	qua: 'quartier',
	quar: 'quartier',
	st: 'saint',
	ste: 'sainte'
};

/** Kept lowercase inside a name. */
const SMALL_WORDS = new Set([
	'de',
	'du',
	'des',
	'la',
	'le',
	'les',
	'et',
	'à',
	'au',
	'aux',
	'en',
	'sur',
	'sous',
	'lès',
	'lez',
	'par',
	'pour',
	'dans',
	'ou'
]);
const ARTICLES = new Set(['le', 'la', 'les']);

/** Always written in capitals. */
const ACRONYMS = new Set(
	(
		'UMR EA CNRS INSERM INRAE INRA UFR CGFL EREA LP LPO LEGT LGT SEGPA ULIS RPI CFA CFAI CIO ' +
		'IME ITEP INSPE ESPE UBFC USR SFR FR CHU CHRU CIC DRCI HPV OSU MSH MSHE BFC GRETA EPN ' +
		'MSAP MJC IUT ENSMM UTBM BSB ESTA CCI CCAS ZUP REP SAS SARL EPIC GIP GCS CH EPHE AFPA ' +
		'UPR UR UE UMS GDR FRE JE'
	).split(' ')
);

/** The type words of school names, lowercase after the first word (sentence style). */
export const SCHOOL_TYPE_WORDS = new Set(
	(
		'école primaire élémentaire maternelle publique public privée privé intercommunale ' +
		'intercommunal collège lycée général générale technologique professionnel professionnelle ' +
		'polyvalent agricole pôle éducatif groupe scolaire regroupement pédagogique métiers ' +
		'application enseignement adapté régional établissement annexe'
	).split(' ')
);

export interface ReadableNameOptions {
	/** Words written lowercase (after the first word) rather than capitalised. */
	typeWords?: ReadonlySet<string>;
	/** The row's commune, whose spelling replaces its capitals in the name. */
	commune?: string | null;
	/** More folded → accented words (e.g. from the commune names). */
	accents?: ReadonlyMap<string, string>;
}

/** Written in capitals, allowing a few lowercase words ("PROCEDES ALIMENTAIRES et …"). */
export function isAllCaps(name: string): boolean {
	const words = name.match(/\p{L}{2,}/gu) ?? [];
	const capitals = words.filter((w) => w === w.toUpperCase()).length;
	return capitals > 0 && capitals >= 0.75 * words.length;
}

export function readableName(raw: string, options: ReadableNameOptions = {}): string {
	const name = raw.replace(/\s+/g, ' ').trim();
	if (!isAllCaps(name)) return tidyMixedCase(name);
	// Registers often drop the apostrophe: "JOUFFROY D ABBANS", "METIERS DE L ENERGIE".
	const tokens = replaceCommune(
		tokenize(name.replace(/\b([DL]) (?=[AEIOUYH])/g, "$1'")),
		options.commune
	);
	const words = tokens.filter((t) => t.word);
	let previous: string | null = null;
	words.forEach((token, index) => {
		if (token.fixed) {
			previous = token.text.toLowerCase();
			return;
		}
		const next = tokens[tokens.indexOf(token) + 1];
		token.text = wordCase(token.text, {
			first: index === 0,
			last: index === words.length - 1,
			previous,
			followedBy: next && !next.word ? next.text : '',
			options
		});
		previous = token.text.toLowerCase();
	});
	return tokens
		.map((t) => t.text)
		.join('')
		.replace(/\s+/g, ' ')
		.trim();
}

interface Token {
	text: string;
	word: boolean;
	/** Already in its final form (the commune's own spelling). */
	fixed?: boolean;
}

function tokenize(name: string): Token[] {
	return (name.match(/[\p{L}\p{N}]+|[^\p{L}\p{N}]+/gu) ?? []).map((text) => ({
		text,
		word: /[\p{L}\p{N}]/u.test(text)
	}));
}

/** "LONS LE SAUNIER" in a school of Lons-le-Saunier becomes "Lons-le-Saunier". */
function replaceCommune(tokens: Token[], commune: string | null | undefined): Token[] {
	if (!commune) return tokens;
	const target = tokenize(commune)
		.filter((t) => t.word)
		.map((t) => fold(t.text));
	if (target.length === 0) return tokens;
	const wordIndexes = tokens.flatMap((t, i) => (t.word ? [i] : []));
	for (let start = 0; start + target.length <= wordIndexes.length; start++) {
		const slice = wordIndexes.slice(start, start + target.length);
		if (!slice.every((tokenIndex, k) => fold(tokens[tokenIndex]!.text) === target[k])) continue;
		const from = slice[0]!;
		const to = slice[slice.length - 1]!;
		return [
			...tokens.slice(0, from),
			{ text: commune, word: true, fixed: true },
			...tokens.slice(to + 1)
		];
	}
	return tokens;
}

interface WordContext {
	first: boolean;
	last: boolean;
	previous: string | null;
	followedBy: string;
	options: ReadableNameOptions;
}

function wordCase(word: string, context: WordContext): string {
	const { first, last, previous, followedBy, options } = context;
	if (word !== word.toUpperCase() && !SMALL_WORDS.has(word)) return word;
	if (/\d/.test(word) || ACRONYMS.has(word) || /^(?=[XVI]{2,}$)X{0,3}(IX|IV|V?I{0,3})$/.test(word))
		return word;
	const folded = fold(word);
	if (word.length > 1 && !/[AEIOUY]/.test(word) && !ABBREVIATIONS[folded]) return word;
	if (word.length === 1) {
		if (followedBy.startsWith("'") || followedBy.startsWith('’')) {
			const startsProperName =
				word === 'L' && previous !== null && !!options.typeWords?.has(previous);
			return first || startsProperName ? word : word.toLowerCase();
		}
		if (followedBy.startsWith('.') || last || word !== 'A') return word;
		return first ? 'À' : 'à';
	}
	const french =
		ABBREVIATIONS[folded] ?? ACCENTS[folded] ?? options.accents?.get(folded) ?? word.toLowerCase();
	if (first) return capitalise(french);
	if (SMALL_WORDS.has(french)) {
		const startsProperName =
			ARTICLES.has(french) && previous !== null && !!options.typeWords?.has(previous);
		return startsProperName ? capitalise(french) : french;
	}
	if (options.typeWords?.has(french)) return french;
	return capitalise(french);
}

function capitalise(word: string): string {
	return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Mixed-case names keep their spelling; only the initial "Ecole"/"Lycee" regain their accent. */
function tidyMixedCase(name: string): string {
	return name.replace(/\b(Ecole|ECOLE|Lycee|Elementaire)\b/g, (match) => {
		const accented = ACCENTS[fold(match)]!;
		return match === match.toUpperCase() ? accented.toUpperCase() : capitalise(accented);
	});
}

/**
 * A register label in sentence case: "ECOLE ELEMENTAIRE D APPLICATION" → "École élémentaire
 * d'application".
 */
export function readableLabel(raw: string): string {
	const words = new Set(
		(raw.match(/\p{L}+/gu) ?? []).map((w) => ACCENTS[fold(w)] ?? w.toLowerCase())
	);
	return readableName(raw, { typeWords: words });
}

/** Folded → accented words found in place names, to restore accents of names in capitals. */
export function accentsFromNames(names: Iterable<string>): Map<string, string> {
	const seen = new Map<string, Set<string>>();
	for (const name of names) {
		for (const word of name.match(/\p{L}+/gu) ?? []) {
			const lower = word.toLowerCase();
			const folded = fold(lower);
			if (folded.length < 3) continue;
			const forms = seen.get(folded) ?? new Set();
			forms.add(lower);
			seen.set(folded, forms);
		}
	}
	// Only words always written the same accented way: "les" and "lès" both exist, so neither.
	const accents = new Map<string, string>();
	for (const [folded, forms] of seen) {
		const [only] = forms;
		if (forms.size === 1 && only !== folded) accents.set(folded, only!);
	}
	return accents;
}
