import type { Position } from 'geojson';
import { MAX_POLYGON_VERTICES, parseDrawnPolygon, type DrawnArea } from './polygon';
import type { Parsed } from './territory-code';

/**
 * A drawn zone in a link (`/contacts?mode=zone&zone=…`), so that its results can be reloaded
 * and shared. Compact: coordinates rounded to 1e-5 degree (about a metre), each vertex stored
 * as the difference from the previous one, zigzag varints, base64url. Layout, all varints:
 * version (1), number of polygons, then per polygon its number of rings, then per ring its
 * number of vertices (the closing vertex is implied) and their deltas (lon, lat).
 * The decoded zone goes through the same checks as a drawn or pasted polygon.
 */
const VERSION = 1;
const SCALE = 1e5;

/** 500 vertices of at most 8 bytes each, with headers, in base64: under 6,000 characters. */
export const MAX_ZONE_CODE_LENGTH = 6000;

const BROKEN =
	'Le lien de la zone est incomplet ou modifié : dessinez la zone à nouveau, ou reprenez le lien complet.';

export function encodeZone(zone: DrawnArea): string {
	const polygons = zone.type === 'Polygon' ? [zone.coordinates] : zone.coordinates;
	const bytes: number[] = [];
	const put = (n: number) => writeVarint(bytes, n);
	put(VERSION);
	put(polygons.length);
	let [lon, lat] = [0, 0];
	for (const rings of polygons) {
		put(rings.length);
		for (const ring of rings) {
			const open = ring.slice(0, -1);
			put(open.length);
			for (const [x, y] of open) {
				const [qx, qy] = [Math.round(x! * SCALE), Math.round(y! * SCALE)];
				put(zigzag(qx - lon));
				put(zigzag(qy - lat));
				[lon, lat] = [qx, qy];
			}
		}
	}
	return toBase64Url(bytes);
}

/** Reads a zone link; a French message when it is too long, truncated, altered or invalid. */
export function decodeZone(code: string): Parsed<DrawnArea> {
	if (code.length > MAX_ZONE_CODE_LENGTH)
		return {
			ok: false,
			message: `Le lien de la zone est trop long (plus de ${MAX_ZONE_CODE_LENGTH.toLocaleString('fr-FR')} caractères) : simplifiez le contour.`
		};
	const bytes = fromBase64Url(code);
	if (!bytes) return { ok: false, message: BROKEN };
	const reader = { bytes, at: 0 };
	const read = () => readVarint(reader);
	if (read() !== VERSION) return { ok: false, message: BROKEN };
	const count = read();
	if (count === null || count < 1 || count > MAX_POLYGON_VERTICES)
		return { ok: false, message: BROKEN };
	const polygons: Position[][][] = [];
	let [lon, lat] = [0, 0];
	let vertices = 0;
	for (let p = 0; p < count; p++) {
		const ringCount = read();
		if (ringCount === null || ringCount < 1 || ringCount > MAX_POLYGON_VERTICES)
			return { ok: false, message: BROKEN };
		const rings: Position[][] = [];
		for (let r = 0; r < ringCount; r++) {
			const size = read();
			vertices += size ?? 0;
			if (size === null || size < 3 || vertices > MAX_POLYGON_VERTICES)
				return { ok: false, message: BROKEN };
			const ring: Position[] = [];
			for (let v = 0; v < size; v++) {
				const dx = read();
				const dy = read();
				if (dx === null || dy === null) return { ok: false, message: BROKEN };
				lon += unzigzag(dx);
				lat += unzigzag(dy);
				ring.push([lon / SCALE, lat / SCALE]);
			}
			ring.push([...ring[0]!]);
			rings.push(ring);
		}
		polygons.push(rings);
	}
	if (reader.at !== bytes.length) return { ok: false, message: BROKEN };
	return parseDrawnPolygon(
		polygons.length === 1
			? { type: 'Polygon', coordinates: polygons[0] }
			: { type: 'MultiPolygon', coordinates: polygons }
	);
}

const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (n: number) => (n % 2 === 0 ? n / 2 : -(n + 1) / 2);

function writeVarint(bytes: number[], n: number) {
	while (n >= 0x80) {
		bytes.push((n % 0x80) | 0x80);
		n = Math.floor(n / 0x80);
	}
	bytes.push(n);
}

/** At most 5 bytes (values below 2^35, far above any coordinate): null past the end. */
function readVarint(reader: { bytes: Uint8Array; at: number }): number | null {
	let value = 0;
	let factor = 1;
	for (let i = 0; i < 5; i++) {
		const byte = reader.bytes[reader.at++];
		if (byte === undefined) return null;
		value += (byte & 0x7f) * factor;
		if (byte < 0x80) return value;
		factor *= 0x80;
	}
	return null;
}

function toBase64Url(bytes: number[]): string {
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array | null {
	if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length % 4 === 1) return null;
	try {
		const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
		return Uint8Array.from(binary, (c) => c.charCodeAt(0));
	} catch {
		return null;
	}
}
