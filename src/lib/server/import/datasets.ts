/**
 * The datasets the app ships (db/data/SOURCES.md), as rows of the `datasets` table: every
 * structure page and the sources page show their licence and attribution from here.
 * `priority` decides which dataset's value wins when two describe the same structure
 * (see merge.ts); it only matters for datasets that overlap.
 */
export interface DatasetInfo {
	id: string;
	title: string;
	publisher: string;
	licence: string;
	licence_url: string;
	source_url: string;
	attribution: string;
	data_date: string;
	notes: string;
	priority: number;
}

const LICENCE_OUVERTE = 'Licence Ouverte / Open Licence 2.0 (Etalab)';
const LICENCE_OUVERTE_URL = 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/';
const ODBL = 'Open Database License (ODbL) 1.0';
const ODBL_URL = 'https://opendatacommons.org/licenses/odbl/1-0/';
const MEN = 'Ministère de l’Éducation nationale (data.education.gouv.fr)';
const MESR = 'MESR (data.enseignementsup-recherche.gouv.fr)';

export const DATASETS = [
	{
		id: 'etablissements-scolaires-bfc',
		title: 'Établissements scolaires de Bourgogne-Franche-Comté (fichier composite)',
		publisher: 'Ministère de l’Éducation nationale',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url: 'https://data.education.gouv.fr/',
		attribution: MEN,
		data_date: '2021–2026',
		notes:
			'Fichier db/data/schools/etablissements-scolaires-bfc.csv, assemblé à partir de trois extraits ' +
			'partiels (otsc-fc, geoloc-colleges, ips-lycees) ; chaque établissement est attribué à son extrait.',
		priority: 20
	},
	{
		id: 'otsc-fc',
		title: 'Organisation du temps scolaire : écoles publiques de l’académie de Besançon',
		publisher: 'Ministère de l’Éducation nationale',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url: 'https://github.com/nicobu-ghub/rythmes-scolaires-franche-comte',
		attribution: MEN,
		data_date: '2026-01',
		notes:
			'Extrait du jeu fr-en-organisation-du-temps-scolaire ; pour 89 écoles, la dernière année ' +
			'connue est 2020-2021 (attribut annee_reference).',
		priority: 20
	},
	{
		id: 'geoloc-colleges',
		title: 'Adresse et géolocalisation des collèges (premier et second degrés)',
		publisher: 'Ministère de l’Éducation nationale',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url:
			'https://data.education.gouv.fr/explore/dataset/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre/',
		attribution: MEN,
		data_date: '2024-11',
		notes:
			'Copie du dépôt Cat-Miaou/Vyz (collèges seulement), qui ne rappelle pas la licence : celle ' +
			'du jeu ministériel d’origine est indiquée.',
		priority: 20
	},
	{
		id: 'ips-lycees',
		title: 'Indices de position sociale des lycées (rentrée 2021)',
		publisher: 'Ministère de l’Éducation nationale',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url: 'https://data.education.gouv.fr/explore/dataset/fr-en-ips_lycees/',
		attribution: MEN,
		data_date: '2021-2022',
		notes:
			'Sans adresse ni coordonnées : les lycées sont placés au centre de leur commune. Copie ' +
			'd’un dépôt qui ne rappelle pas la licence : celle du jeu ministériel est indiquée.',
		priority: 20
	},
	{
		id: 'annuaire-education',
		title: 'Annuaire de l’éducation',
		publisher: 'Ministère de l’Éducation nationale',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url: 'https://data.education.gouv.fr/explore/dataset/fr-en-annuaire-education/',
		attribution: MEN,
		data_date: '2026-05-27',
		notes:
			'Extrait de 82 lignes au format officiel (71 colonnes) ; le fichier national complet ' +
			's’importe avec la même commande (npm run db:import -- annuaire --file …).',
		priority: 30
	},
	{
		id: 'mednum-bfc',
		title: 'Lieux de médiation numérique et tiers-lieux de Bourgogne-Franche-Comté',
		publisher: 'MedNum BFC',
		licence: ODBL,
		licence_url: ODBL_URL,
		source_url: 'https://github.com/multi-coop/data-bfc-ternum',
		attribution: 'MedNum BFC (ODbL)',
		data_date: '2020–2022',
		notes:
			'Base sous ODbL : toute base dérivée redistribuée doit rester sous ODbL et citer « MedNum BFC ».',
		priority: 20
	},
	{
		id: 'mednum-bfc-lmn',
		title: 'Lieux de médiation numérique de Bourgogne-Franche-Comté (schéma national)',
		publisher: 'MedNum BFC',
		licence: ODBL,
		licence_url: ODBL_URL,
		source_url: 'https://schema.data.gouv.fr/LaMednum/standard-mediation-num/',
		attribution: 'MedNum BFC (ODbL)',
		data_date: '2020–2022',
		notes:
			'Les mêmes lieux que mednum-bfc, projetés sur le schéma des lieux de médiation numérique ; ' +
			'ils complètent les structures existantes sans les dupliquer.',
		priority: 10
	},
	{
		id: 'lieux-mediation-numerique',
		title: 'Lieux de médiation numérique (cartographie nationale)',
		publisher: 'ANCT et producteurs de la cartographie nationale',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url:
			'https://www.data.gouv.fr/fr/datasets/lieux-de-mediation-numerique-sur-le-territoire-national/',
		attribution: 'Cartographie nationale des lieux de médiation numérique (ANCT)',
		data_date: 'selon le fichier importé',
		notes:
			'Lignes d’autres sources que MedNum BFC d’un fichier au schéma national importé avec ' +
			'--file ; aucune n’est livrée avec l’application. Vérifier la licence du fichier importé.',
		priority: 10
	},
	{
		id: 'esr-etablissements',
		title: 'Principaux établissements d’enseignement supérieur',
		publisher: 'Ministère de l’Enseignement supérieur et de la Recherche',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url:
			'https://data.enseignementsup-recherche.gouv.fr/explore/dataset/fr-esr-principaux-etablissements-enseignement-superieur/',
		attribution: MESR,
		data_date: '2025-04',
		notes:
			'Copies de 2025 et 2023 ; un établissement absent de la copie 2025 reste affiché, « à ' +
			'vérifier », sauf si db/data/lifecycle.json (sources citées) le dit fusionné ou fermé.',
		priority: 20
	},
	{
		id: 'rnsr',
		title: 'Structures de recherche publiques actives (RNSR)',
		publisher: 'Ministère de l’Enseignement supérieur et de la Recherche',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url:
			'https://data.enseignementsup-recherche.gouv.fr/explore/dataset/fr-esr-structures-recherche-publiques-actives/',
		attribution: MESR,
		data_date: '2022-02',
		notes:
			'Sans coordonnées : les structures sont placées au centre de leur commune. Noms et ' +
			'tutelles antérieurs aux fusions universitaires de 2025.',
		priority: 20
	},
	{
		id: 'france-geojson',
		title: 'Contours des régions, départements et communes',
		publisher: 'IGN Admin Express / INSEE COG, via france-geojson',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url: 'https://github.com/gregoiredavid/france-geojson',
		attribution: 'IGN Admin Express / INSEE COG via france-geojson',
		data_date: '2018',
		notes:
			'Géométries 2018 simplifiées, regroupées selon les communes 2026 ; contours des EPCI et des ' +
			'académies dérivés des communes et des départements.',
		priority: 0
	},
	{
		id: 'decoupage-administratif',
		title: 'Découpage administratif (communes, EPCI)',
		publisher: 'Etalab',
		licence: LICENCE_OUVERTE,
		licence_url: LICENCE_OUVERTE_URL,
		source_url: 'https://github.com/etalab/decoupage-administratif',
		attribution: 'Etalab découpage administratif',
		data_date: '2026 (version 6.0.0)',
		notes: 'Noms, codes postaux, populations, appartenance aux EPCI (liste DGCL 2026).',
		priority: 0
	}
] as const satisfies readonly DatasetInfo[];

export type DatasetId = (typeof DATASETS)[number]['id'];

const byId = new Map<string, DatasetInfo>(DATASETS.map((d) => [d.id, d]));

export function dataset(id: string): DatasetInfo {
	const found = byId.get(id);
	if (!found) throw new Error(`Unknown dataset ${id}`);
	return found;
}

export function priorityOf(id: string): number {
	return byId.get(id)?.priority ?? 0;
}
