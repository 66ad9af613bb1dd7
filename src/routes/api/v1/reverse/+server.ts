import { reverseResponse } from '$lib/server/geocoding/http';
import type { RequestHandler } from './$types';

/** A point → the commune of the region containing it, or 404 with a French message outside. */
export const GET: RequestHandler = ({ url, getClientAddress }) =>
	reverseResponse(url, getClientAddress());
