import { wantsGeoJson } from '$lib/server/api/responses';
import { structuresResponse } from '$lib/server/api/structures';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, request }) =>
	structuresResponse(url, wantsGeoJson(request) ? 'geojson' : 'json');
