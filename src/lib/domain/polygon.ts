import { area } from '@turf/area';
import { kinks } from '@turf/kinks';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Parsed } from './territory-code';

/**
 * A polygon drawn on the map or pasted as GeoJSON by staff, checked before it reaches
 * PostGIS (which then clips it to the region). Shared by the draw tool and the server.
 */
export type DrawnArea = Polygon | MultiPolygon;

export const MAX_POLYGON_VERTICES = 500;

/** Hard cap on pasted text, so a huge paste is refused before JSON parsing. */
export const MAX_POLYGON_TEXT_LENGTH = 200_000;

export function parseDrawnPolygonText(text: string): Parsed<DrawnArea> {
	if (!text.trim())
		return fail('Aucun polygone : dessinez une zone sur la carte ou collez du GeoJSON.');
	if (text.length > MAX_POLYGON_TEXT_LENGTH)
		return fail(
			`Le GeoJSON collé est trop long (plus de ${MAX_POLYGON_TEXT_LENGTH.toLocaleString('fr-FR')} caractères) : simplifiez le contour.`
		);
	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return fail(
			'Le texte collé n’est pas du JSON valide : copiez un objet GeoJSON complet, de « { » à « } ».'
		);
	}
	return parseDrawnPolygon(value);
}

/**
 * Accepts a GeoJSON Polygon or MultiPolygon, bare or inside a Feature or a one-feature
 * FeatureCollection. Returns it in 2D, without repeated consecutive vertices.
 */
export function parseDrawnPolygon(input: unknown): Parsed<DrawnArea> {
	const geometry = unwrap(input);
	if (!geometry.ok) return geometry;
	const { type, coordinates } = geometry.value;
	const polygons = type === 'Polygon' ? [coordinates] : coordinates;
	if (!Array.isArray(polygons) || polygons.length === 0)
		return fail('Le polygone n’a aucune coordonnée.');

	const cleaned: Position[][][] = [];
	let vertices = 0;
	for (const rings of polygons) {
		if (!Array.isArray(rings) || rings.length === 0)
			return fail('Chaque polygone doit contenir au moins un contour (une liste de points).');
		const cleanedRings: Position[][] = [];
		for (const ring of rings) {
			const checked = checkRing(ring);
			if (!checked.ok) return checked;
			cleanedRings.push(checked.value);
			vertices += checked.value.length - 1;
		}
		cleaned.push(cleanedRings);
	}
	if (vertices > MAX_POLYGON_VERTICES)
		return fail(
			`Le polygone a ${vertices} sommets ; la limite est de ${MAX_POLYGON_VERTICES}. Simplifiez le contour.`
		);

	const result: DrawnArea =
		type === 'Polygon'
			? { type: 'Polygon', coordinates: cleaned[0]! }
			: { type: 'MultiPolygon', coordinates: cleaned };
	const crossings = kinks(result).features;
	if (crossings.length > 0) {
		const [lon, lat] = crossings[0]!.geometry.coordinates as [number, number];
		return fail(
			`Le contour se recoupe lui-même (${crossings.length} croisement${crossings.length > 1 ? 's' : ''}, par exemple vers ${lat.toFixed(4)}, ${lon.toFixed(4)}) : redessinez la zone sans croiser ses bords.`
		);
	}
	if (area(result) <= 0) return fail('Le polygone n’a pas de surface : ses points sont alignés.');
	return { ok: true, value: result };
}

function unwrap(input: unknown): Parsed<{ type: DrawnArea['type']; coordinates: unknown[] }> {
	if (!isObject(input)) return fail('Le GeoJSON doit être un objet (Polygon ou MultiPolygon).');
	if (input.type === 'FeatureCollection') {
		const features = input.features;
		if (!Array.isArray(features) || features.length !== 1)
			return fail('La FeatureCollection doit contenir exactement un polygone.');
		return unwrap(features[0]);
	}
	if (input.type === 'Feature') return unwrap(input.geometry);
	if (input.type !== 'Polygon' && input.type !== 'MultiPolygon')
		return fail(
			`Type GeoJSON « ${String(input.type).slice(0, 40)} » non accepté : seule une surface (Polygon ou MultiPolygon) délimite une zone.`
		);
	if (!Array.isArray(input.coordinates)) return fail('Le polygone n’a aucune coordonnée.');
	return { ok: true, value: { type: input.type, coordinates: input.coordinates } };
}

function checkRing(ring: unknown): Parsed<Position[]> {
	if (!Array.isArray(ring))
		return fail('Un contour doit être une liste de points [longitude, latitude].');
	const points: Position[] = [];
	for (const position of ring) {
		const point = checkPosition(position);
		if (!point.ok) return point;
		const previous = points.at(-1);
		if (!previous || previous[0] !== point.value[0] || previous[1] !== point.value[1])
			points.push(point.value);
	}
	const first = points[0];
	const last = points.at(-1);
	if (!first || !last || points.length < 2 || first[0] !== last[0] || first[1] !== last[1])
		return fail(
			'Le contour n’est pas fermé : son dernier point doit répéter exactement le premier.'
		);
	if (points.length < 4) return fail('Un contour doit avoir au moins trois sommets distincts.');
	return { ok: true, value: points };
}

function checkPosition(position: unknown): Parsed<Position> {
	if (!Array.isArray(position) || position.length < 2 || position.length > 3)
		return fail('Chaque point doit s’écrire [longitude, latitude].');
	const [lon, lat] = position as unknown[];
	if (
		typeof lon !== 'number' ||
		typeof lat !== 'number' ||
		!Number.isFinite(lon) ||
		!Number.isFinite(lat)
	)
		return fail('Chaque coordonnée doit être un nombre fini (ni texte, ni NaN, ni infini).');
	if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
		return fail(
			`Point hors limites (${lon}, ${lat}) : la longitude va de −180 à 180 et la latitude de −90 à 90, dans cet ordre.`
		);
	return { ok: true, value: [lon, lat] };
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(message: string): { ok: false; message: string } {
	return { ok: false, message };
}
