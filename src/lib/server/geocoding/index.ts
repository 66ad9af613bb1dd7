import { config } from '../config';
import { createBanGeocoder } from './ban';
import { offlineGeocoder } from './offline';
import type { Candidate, CommuneAtPoint, GeocodeOptions, Geocoder } from './types';

export type { Candidate, CommuneAtPoint, GeocodeOptions, Geocoder, Precision } from './types';
export { DEFAULT_LIMIT, MAX_LIMIT } from './types';
export { offlineGeocoder } from './offline';
export { createBanGeocoder, BAN_URL, type BanOptions } from './ban';
export { communeAt } from './reverse';

let configured: Geocoder | undefined;

/** The geocoder chosen by GEOCODER: the offline gazetteer (default) or the national API. */
export function geocoder(): Geocoder {
	configured ??= config.geocoder === 'ban' ? createBanGeocoder() : offlineGeocoder;
	return configured;
}

/** Address or place → candidates, best first. */
export function geocode(query: string, options?: GeocodeOptions): Promise<Candidate[]> {
	return geocoder().geocode(query, options);
}

/** Point → the commune of the region containing it, or null outside the region. */
export function reverse(lon: number, lat: number): Promise<CommuneAtPoint | null> {
	return geocoder().reverse(lon, lat);
}
