/**
 * Territory codes shared by the API, the filters and the URLs:
 * reg:27, aca:besancon, aca:dijon, dep:21, epci:<siren>, com:<insee>, radius:<lon>,<lat>,<meters>.
 */
export type TerritoryRef =
	| { kind: 'region'; code: string }
	| { kind: 'academie'; code: 'besancon' | 'dijon' }
	| { kind: 'departement'; code: string }
	| { kind: 'epci'; code: string }
	| { kind: 'commune'; code: string }
	| { kind: 'radius'; lon: number; lat: number; meters: number };

export type StoredTerritoryKind = Exclude<TerritoryRef['kind'], 'radius'>;

/** The region the directory covers (Bourgogne-Franche-Comté): its INSEE code and territory code. */
export const REGION_INSEE_CODE = '27';
export const REGION = `reg:${REGION_INSEE_CODE}`;

/** The largest radius of a `radius:` territory. */
export const MAX_RADIUS_METERS = 200_000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const PREFIX_KIND = {
	reg: 'region',
	aca: 'academie',
	dep: 'departement',
	epci: 'epci',
	com: 'commune'
} as const;

const PATTERNS: Record<keyof typeof PREFIX_KIND, RegExp> = {
	reg: /^\d{2}$/,
	aca: /^(besancon|dijon)$/,
	dep: /^(\d{2}|2A|2B|97\d)$/,
	epci: /^\d{9}$/,
	com: /^(\d{5}|2A\d{3}|2B\d{3})$/
};

export function parseTerritory(input: string): Parsed<TerritoryRef> {
	const text = input.trim();
	const colon = text.indexOf(':');
	if (colon < 0) return invalid(text);
	const prefix = text.slice(0, colon);
	const rest = text.slice(colon + 1);
	if (prefix === 'radius') return parseRadius(rest);
	if (!(prefix in PREFIX_KIND)) return invalid(text);
	const key = prefix as keyof typeof PREFIX_KIND;
	if (!PATTERNS[key].test(rest)) return invalid(text);
	return { ok: true, value: { kind: PREFIX_KIND[key], code: rest } as TerritoryRef };
}

function parseRadius(rest: string): Parsed<TerritoryRef> {
	const parts = rest.split(',').map((p) => Number(p.trim()));
	const [lon, lat, meters] = parts;
	if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n))) {
		return {
			ok: false,
			message:
				'Paramètre « territory » invalide : un rayon s’écrit radius:<longitude>,<latitude>,<mètres>, par exemple radius:5.04,47.32,10000.'
		};
	}
	if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) {
		return {
			ok: false,
			message:
				'Paramètre « territory » invalide : coordonnées hors limites (longitude −180 à 180, latitude −90 à 90).'
		};
	}
	if (meters! <= 0 || meters! > MAX_RADIUS_METERS) {
		return {
			ok: false,
			message: `Paramètre « territory » invalide : le rayon doit être compris entre 1 et ${MAX_RADIUS_METERS} mètres.`
		};
	}
	return { ok: true, value: { kind: 'radius', lon: lon!, lat: lat!, meters: meters! } };
}

function invalid(text: string): Parsed<TerritoryRef> {
	return {
		ok: false,
		message: `Paramètre « territory » invalide (« ${text.slice(0, 60)} ») : utilisez reg:27, aca:besancon, aca:dijon, dep:21, epci:<SIREN>, com:<code INSEE> ou radius:<longitude>,<latitude>,<mètres>.`
	};
}

export function formatTerritory(ref: TerritoryRef): string {
	if (ref.kind === 'radius') return `radius:${ref.lon},${ref.lat},${ref.meters}`;
	const prefix = {
		region: 'reg',
		academie: 'aca',
		departement: 'dep',
		epci: 'epci',
		commune: 'com'
	}[ref.kind];
	return `${prefix}:${ref.code}`;
}
