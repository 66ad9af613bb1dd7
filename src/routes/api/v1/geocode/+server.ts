import { geocodeResponse } from '$lib/server/geocoding/http';
import type { RequestHandler } from './$types';

/** Address, commune or postcode → candidates of the region, best first: `{ candidates }`. */
export const GET: RequestHandler = ({ url, getClientAddress }) =>
	geocodeResponse(url, getClientAddress());
