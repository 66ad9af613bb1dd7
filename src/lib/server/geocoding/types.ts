/** How close to the address a candidate's point is. */
export type Precision = 'street' | 'commune' | 'postcode';

export interface Candidate {
	/** What the address field shows, e.g. « 12 rue de la Liberté, 21000 Dijon ». */
	label: string;
	street?: string;
	postcode?: string;
	/** INSEE code (COG 2026) of a commune of the region. */
	communeCode: string;
	communeName: string;
	lon: number;
	lat: number;
	precision: Precision;
	/** 0 to 1, comparable between the candidates of one answer. */
	score: number;
}

export interface CommuneAtPoint {
	communeCode: string;
	communeName: string;
	departementCode: string;
}

export interface GeocodeOptions {
	/** Most candidates wanted (1 to 20). */
	limit?: number;
}

export interface Geocoder {
	geocode(query: string, options?: GeocodeOptions): Promise<Candidate[]>;
	/** The commune of the region containing the point, or null outside the region. */
	reverse(lon: number, lat: number): Promise<CommuneAtPoint | null>;
}

export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 20;

/** Candidates asked of a geocoder: 1 to 20, 5 by default (see `clampLimit`). */
export const CANDIDATES = { max: MAX_LIMIT, fallback: DEFAULT_LIMIT } as const;
