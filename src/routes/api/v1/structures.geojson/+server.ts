import { structuresResponse } from '$lib/server/api/structures';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => structuresResponse(url, 'geojson');
