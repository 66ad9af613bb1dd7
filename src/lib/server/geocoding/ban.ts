import { z } from 'zod';
import { sql } from '../db';
import { log } from '../log';
import { offlineGeocoder } from './offline';
import { communeAt } from './reverse';
import { clampLimit } from '../../domain/limit';
import { CANDIDATES, type Candidate, type GeocodeOptions, type Geocoder } from './types';

export const BAN_URL = 'https://api-adresse.data.gouv.fr';

export interface BanOptions {
	/** The national address API (Base Adresse Nationale); another URL in tests. */
	baseUrl?: string;
	/** Past this, the offline gazetteer answers instead. */
	timeoutMs?: number;
	/** After a failure, the API is left alone for this long (it is rate-limited, and a dead
	 * network would otherwise cost every keystroke the full timeout). */
	pauseAfterFailureMs?: number;
	fallback?: Geocoder;
}

const featureSchema = z.object({
	geometry: z.object({ coordinates: z.tuple([z.number(), z.number()]) }),
	properties: z.object({
		label: z.string(),
		name: z.string(),
		type: z.enum(['housenumber', 'street', 'locality', 'municipality']),
		score: z.number(),
		postcode: z.string().optional(),
		citycode: z.string(),
		city: z.string().optional()
	})
});
const answerSchema = z.object({ features: z.array(z.unknown()) });

/** Biases the national API towards the region, whose centre this roughly is. */
const REGION_CENTRE = { lon: 5.05, lat: 47.25 };

/**
 * The national address API behind the Geocoder interface, keeping only addresses of the
 * region, and falling back to the offline gazetteer when the API is slow, down or unreachable.
 * The commune of a point is always found by PostGIS (see reverse.ts).
 */
export function createBanGeocoder(options: BanOptions = {}): Geocoder {
	const baseUrl = (options.baseUrl ?? BAN_URL).replace(/\/+$/, '');
	const timeoutMs = options.timeoutMs ?? 2000;
	const pauseMs = options.pauseAfterFailureMs ?? 60_000;
	const fallback = options.fallback ?? offlineGeocoder;
	let pausedUntil = 0;

	async function search(query: string, limit: number): Promise<Candidate[]> {
		const url = new URL(`${baseUrl}/search/`);
		url.searchParams.set('q', query);
		url.searchParams.set('limit', String(Math.min(20, limit * 3)));
		url.searchParams.set('autocomplete', '1');
		url.searchParams.set('lon', String(REGION_CENTRE.lon));
		url.searchParams.set('lat', String(REGION_CENTRE.lat));
		const response = await fetch(url, {
			signal: AbortSignal.timeout(timeoutMs),
			headers: { accept: 'application/json' }
		});
		if (!response.ok) throw new Error(`BAN answered ${response.status}`);
		const answer = answerSchema.parse(await response.json());
		const features = answer.features.flatMap((raw) => {
			const parsed = featureSchema.safeParse(raw);
			return parsed.success ? [parsed.data] : [];
		});
		return inRegion(features, limit);
	}

	return {
		async geocode(query: string, geocodeOptions: GeocodeOptions = {}): Promise<Candidate[]> {
			const limit = clampLimit(geocodeOptions.limit, CANDIDATES);
			// The API refuses queries under 3 characters; the gazetteer handles them.
			if (query.trim().length < 3 || Date.now() < pausedUntil) {
				return fallback.geocode(query, geocodeOptions);
			}
			try {
				const candidates = await search(query.trim(), limit);
				return candidates.length ? candidates : fallback.geocode(query, geocodeOptions);
			} catch (error) {
				pausedUntil = Date.now() + pauseMs;
				log.warn('geocoding.ban_unavailable', {
					error: String(error),
					fallback: 'offline',
					pauseMs
				});
				return fallback.geocode(query, geocodeOptions);
			}
		},
		reverse: communeAt
	};
}

type Feature = z.infer<typeof featureSchema>;

/** Keeps the addresses whose commune is one of the region (by current or former INSEE code). */
async function inRegion(features: Feature[], limit: number): Promise<Candidate[]> {
	if (!features.length) return [];
	const codes = [...new Set(features.map((f) => f.properties.citycode))];
	const communes = await sql<{ wanted: string; insee_code: string; name: string }[]>`
		select w.code as wanted, t.insee_code, t.name
		from unnest(${codes}::text[]) as w (code)
		join territories t on t.kind = 'commune'
			and (t.insee_code = w.code or w.code = any(t.former_codes))`;
	const byCode = new Map(communes.map((c) => [c.wanted, c]));
	return features
		.flatMap((feature): Candidate[] => {
			const commune = byCode.get(feature.properties.citycode);
			if (!commune) return [];
			const { name, type, score, postcode } = feature.properties;
			const [lon, lat] = feature.geometry.coordinates;
			const isCommune = type === 'municipality';
			const place = `${postcode ? `${postcode} ` : ''}${commune.name}`;
			return [
				{
					label: isCommune ? place : `${name}, ${place}`,
					...(isCommune ? {} : { street: name }),
					...(postcode ? { postcode } : {}),
					communeCode: commune.insee_code,
					communeName: commune.name,
					lon,
					lat,
					precision: isCommune ? 'commune' : 'street',
					score: Math.round(score * 1000) / 1000
				}
			];
		})
		.slice(0, limit);
}
