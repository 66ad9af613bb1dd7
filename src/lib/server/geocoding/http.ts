import { badRequest, json, notFound, tooManyRequests } from '../api/responses';
import { hit, waitInFrench } from '../rate-limit';
import { geocode, reverse } from './index';
import { OUTSIDE_REGION_MESSAGE, parseGeocodeParams, parseReverseParams } from './params';

/**
 * The public geocoding endpoints, for the registration form: address autocomplete and the
 * commune under the pin. Both answer from public data only (communes, and the addresses of
 * published structures), are cacheable, and count requests per client so that a runaway
 * script cannot forward thousands of queries to the national address API.
 */
const LIMIT = { max: 120, windowSeconds: 60 };

/** Answers are reused for a while: the gazetteer changes only with imports and moderation. */
const MAX_AGE = { geocode: 300, reverse: 3600 };

export async function geocodeResponse(url: URL, client: string): Promise<Response> {
	const parsed = parseGeocodeParams(url.searchParams);
	if (!parsed.ok) return badRequest(parsed);
	const throttled = await throttle('geocode', client);
	if (throttled) return throttled;
	const candidates = await geocode(parsed.value.q, { limit: parsed.value.limit });
	return json({ candidates }, { maxAge: MAX_AGE.geocode });
}

export async function reverseResponse(url: URL, client: string): Promise<Response> {
	const parsed = parseReverseParams(url.searchParams);
	if (!parsed.ok) return badRequest(parsed);
	const throttled = await throttle('reverse', client);
	if (throttled) return throttled;
	const commune = await reverse(parsed.value.lon, parsed.value.lat);
	if (!commune) return notFound(OUTSIDE_REGION_MESSAGE);
	return json(commune, { maxAge: MAX_AGE.reverse });
}

async function throttle(endpoint: string, client: string): Promise<Response | null> {
	const verdict = await hit(`${endpoint}:${client}`, LIMIT);
	if (verdict.allowed) return null;
	return tooManyRequests(
		`Trop de requêtes de géocodage depuis votre adresse : réessayez dans ${waitInFrench(verdict.retryAfterSeconds)}.`,
		verdict.retryAfterSeconds
	);
}
