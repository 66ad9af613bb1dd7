import {
	filtersFrom,
	filtersToSearchParams,
	parseQuery,
	structureFilterParams,
	type StructureFilters
} from '../../domain/structure-filters';
import { badRequest } from '../api/responses';
import { config } from '../config';
import { whereClause } from '../structures/where';
import { bulkDownload } from './download';
import { lmnCsv, lmnJson, lmnWhere } from './lmn';
import { structuresCsv } from './structures-file';

export { licenceNotice } from './notice';

/** `GET /api/v1/structures.csv`: every structure the filters of `/api/v1/structures` match. */
export function structuresFile(request: Request, url: URL): Promise<Response> {
	return withFilters(url, (filters) =>
		bulkDownload(request, {
			filename: 'structures.csv',
			contentType: 'text/csv; charset=utf-8',
			filterKey: filterKey(filters),
			where: whereClause(filters),
			countRows: true,
			// Behind a proxy, the public address (ORIGIN) makes the structures' page links.
			parts: () => structuresCsv(filters, config.origin ?? url.origin)
		})
	);
}

/**
 * `GET /api/v1/lieux-mediation-numerique.{csv,json}`: the mediation places, fablabs and
 * tiers-lieux among the filtered structures, in the national schema.
 */
export function lieuxMediationNumeriqueFile(
	request: Request,
	url: URL,
	format: 'csv' | 'json'
): Promise<Response> {
	return withFilters(url, (filters) =>
		bulkDownload(request, {
			filename: `lieux-mediation-numerique.${format}`,
			contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
			filterKey: filterKey(filters),
			where: lmnWhere(filters),
			// Rows the schema refuses are left out: the notice counts them.
			countRows: false,
			parts: () => (format === 'csv' ? lmnCsv(filters) : lmnJson(filters))
		})
	);
}

async function withFilters(
	url: URL,
	respond: (filters: StructureFilters) => Promise<Response>
): Promise<Response> {
	// The filters of /api/v1/structures, and nothing else: an unknown parameter is refused.
	const read = parseQuery(url.searchParams, structureFilterParams);
	if (!read.ok) return badRequest(read);
	return respond(filtersFrom(read.value));
}

/** The filters in a canonical order, so that equivalent URLs share one ETag. */
function filterKey(filters: StructureFilters): string {
	const params = filtersToSearchParams(filters);
	params.sort();
	return params.toString();
}
