import { emptyFilters } from '../../domain/structure-filters';
import { sql } from '../db';
import { whereClause } from '../structures/where';
import { LICENCES, licenceColumns, type LicenceCode } from './licences';
import { places, type LmnTally } from './lmn';

export interface LicenceNotice {
	description: string;
	fichiers: { url: string; format: string; description: string }[];
	licences: {
		code: LicenceCode;
		nom: string;
		url: string;
		conditions: string;
		structures: number;
		attributions: string[];
	}[];
	lieux_mediation_numerique: { exportes: number; ecartes: number; raisons: Record<string, number> };
}

/**
 * The companion notice of the bulk files: which licence covers which rows (and how many),
 * what to credit, and how many places the national schema refused.
 */
export async function licenceNotice(origin: string): Promise<LicenceNotice> {
	const parts = await sql<{ licence: LicenceCode; structures: number; attributions: string[] }[]>`
		select licence, count(*)::int as structures,
			array_agg(distinct attribution order by attribution) as attributions
		from (select ${licenceColumns()} from structures s where ${whereClause(emptyFilters())}) x
		group by licence order by licence`;
	const tally: LmnTally = { exported: 0, refused: 0, reasons: {} };
	for await (const batch of places(emptyFilters(), tally)) void batch;
	return {
		description:
			'Fichiers complets des données ouvertes de Cartonum et licence de chacune de leurs parties. Chaque ligne de structures.csv porte sa licence (colonne licence) et ses producteurs (colonne attribution). Les lignes dérivées du recensement MedNum BFC sont sous ODbL, avec partage à l’identique : une base qui les reprend se diffuse sous ODbL. Toutes les autres sont sous Licence Ouverte 2.0.',
		fichiers: [
			{
				url: `${origin}/api/v1/structures.csv`,
				format: 'CSV (UTF-8 avec BOM, séparateur ;)',
				description:
					'Toutes les structures publiées, une ligne par structure ; mêmes filtres que /api/v1/structures.'
			},
			{
				url: `${origin}/api/v1/lieux-mediation-numerique.csv`,
				format: 'CSV (UTF-8, séparateur ,) au schéma national des lieux de médiation numérique',
				description:
					'Lieux de médiation numérique, fablabs et tiers-lieux, au schéma national ; mêmes filtres.'
			},
			{
				url: `${origin}/api/v1/lieux-mediation-numerique.json`,
				format: 'JSON au schéma national des lieux de médiation numérique',
				description: 'Les mêmes lieux en JSON (un tableau).'
			}
		],
		licences: parts.map((part) => ({
			code: part.licence,
			nom: LICENCES[part.licence].name,
			url: LICENCES[part.licence].url,
			conditions: LICENCES[part.licence].terms,
			structures: part.structures,
			attributions: part.attributions
		})),
		lieux_mediation_numerique: {
			exportes: tally.exported,
			ecartes: tally.refused,
			raisons: tally.reasons
		}
	};
}
