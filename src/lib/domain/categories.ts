/**
 * The categories of the ecosystem. Codes are stable: they appear in URLs and the API.
 * Colours come from the DSFR illustrative palette, darkened where needed so that every map dot
 * keeps a 3:1 contrast with the basemap (WCAG 1.4.11, checked by test/unit/map-contrast.test.ts),
 * and stay distinguishable on the map.
 */
export const CATEGORIES = [
	{ code: 'ecole', label: 'École', plural: 'Écoles', color: '#C4533A' },
	{ code: 'college', label: 'Collège', plural: 'Collèges', color: '#C8600F' },
	{ code: 'lycee', label: 'Lycée', plural: 'Lycées', color: '#957A14' },
	{
		code: 'enseignement-superieur',
		label: 'Enseignement supérieur',
		plural: 'Enseignement supérieur',
		color: '#000091'
	},
	{ code: 'inspe', label: 'Site INSPE', plural: 'Sites INSPE', color: '#6A6AF4' },
	{ code: 'canope', label: 'Site Réseau Canopé', plural: 'Sites Réseau Canopé', color: '#A558A0' },
	{
		code: 'recherche',
		label: 'Structure de recherche',
		plural: 'Structures de recherche',
		color: '#465F9D'
	},
	{
		code: 'fablab-tiers-lieu',
		label: 'Fablab ou tiers-lieu',
		plural: 'Fablabs et tiers-lieux',
		color: '#0A8578'
	},
	{
		code: 'mediation-numerique',
		label: 'Lieu de médiation numérique',
		plural: 'Lieux de médiation numérique',
		color: '#4E8A1F'
	},
	{ code: 'entreprise', label: 'Entreprise', plural: 'Entreprises', color: '#7D4E5B' },
	{
		code: 'point-visio',
		label: 'Point de visioconférence',
		plural: 'Points de visioconférence',
		color: '#417DC4'
	},
	{ code: 'collectivite', label: 'Collectivité', plural: 'Collectivités', color: '#716043' },
	{ code: 'association', label: 'Association', plural: 'Associations', color: '#9A6B45' },
	{ code: 'incubateur', label: 'Incubateur', plural: 'Incubateurs', color: '#B34000' }
] as const;

export type Category = (typeof CATEGORIES)[number];
export type CategoryCode = Category['code'];

export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as CategoryCode[];

const byCode = new Map<string, Category>(CATEGORIES.map((c) => [c.code, c]));

export function isCategoryCode(value: string): value is CategoryCode {
	return byCode.has(value);
}

export function category(code: string): Category | undefined {
	return byCode.get(code);
}

export function categoryLabel(code: string): string {
	return byCode.get(code)?.label ?? code;
}
