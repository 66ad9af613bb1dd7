import Pbf from 'pbf';
import type { Geometry, Position } from 'geojson';

/**
 * A Mapbox Vector Tile (spec 2.1) encoder. Geometries come in tile coordinates
 * (0..extent, y pointing down), as the tile query produces them; the encoder rounds them,
 * drops repeated points and degenerate parts, and orients polygon rings as the spec wants:
 * exterior rings with a positive surveyor's area (clockwise on screen), holes negative.
 *
 * Written here because PGlite's PostGIS has no protobuf, so ST_AsMVT is not available on
 * the embedded default; one encoder serves both engines.
 */

export type PropertyValue = string | number | boolean;

export interface TileFeature {
	/** A positive integer, when the layer's features have one. */
	id?: number;
	geometry: Geometry;
	/** null and undefined values are left out of the feature. */
	properties: Record<string, PropertyValue | null | undefined>;
}

export interface TileLayer {
	name: string;
	features: TileFeature[];
	/** Tile units across one tile; 4096 unless told. */
	extent?: number;
}

export const DEFAULT_EXTENT = 4096;

/** Feature geometry types of the spec. */
export const GeomType = { Point: 1, LineString: 2, Polygon: 3 } as const;
type GeomType = (typeof GeomType)[keyof typeof GeomType];

/** Geometry command ids of the spec. */
export const Command = { MoveTo: 1, LineTo: 2, ClosePath: 7 } as const;
type Command = (typeof Command)[keyof typeof Command];

type Point = [number, number];

/** Encodes layers into one tile. Layers left without a drawable feature are omitted. */
export function encodeTile(layers: TileLayer[]): Uint8Array {
	const pbf = new Pbf();
	for (const layer of layers) {
		const encoded = prepareLayer(layer);
		if (encoded.features.length > 0) pbf.writeMessage(3, writeLayer, encoded);
	}
	return pbf.finish();
}

interface PreparedFeature {
	id?: number;
	type: GeomType;
	geometry: number[];
	tags: number[];
}

interface PreparedLayer {
	name: string;
	extent: number;
	keys: string[];
	values: PropertyValue[];
	features: PreparedFeature[];
}

function prepareLayer(layer: TileLayer): PreparedLayer {
	const keys: string[] = [];
	const values: PropertyValue[] = [];
	const keyIndex = new Map<string, number>();
	const valueIndex = new Map<string, number>();
	const features: PreparedFeature[] = [];

	for (const feature of layer.features) {
		const encoded = encodeGeometry(feature.geometry);
		if (!encoded) continue;
		const tags: number[] = [];
		for (const [key, value] of Object.entries(feature.properties)) {
			if (value === null || value === undefined) continue;
			if (typeof value === 'number' && !Number.isFinite(value)) continue;
			let k = keyIndex.get(key);
			if (k === undefined) {
				k = keys.push(key) - 1;
				keyIndex.set(key, k);
			}
			// Values are deduplicated by type and value: the string '1' and the number 1 differ.
			const valueKey = `${typeof value}:${value}`;
			let v = valueIndex.get(valueKey);
			if (v === undefined) {
				v = values.push(value) - 1;
				valueIndex.set(valueKey, v);
			}
			tags.push(k, v);
		}
		features.push({ id: feature.id, type: encoded.type, geometry: encoded.commands, tags });
	}
	return { name: layer.name, extent: layer.extent ?? DEFAULT_EXTENT, keys, values, features };
}

function writeLayer(layer: PreparedLayer, pbf: Pbf) {
	pbf.writeVarintField(15, 2);
	pbf.writeStringField(1, layer.name);
	for (const feature of layer.features) pbf.writeMessage(2, writeFeature, feature);
	for (const key of layer.keys) pbf.writeStringField(3, key);
	for (const value of layer.values) pbf.writeMessage(4, writeValue, value);
	pbf.writeVarintField(5, layer.extent);
}

function writeFeature(feature: PreparedFeature, pbf: Pbf) {
	if (feature.id !== undefined && Number.isSafeInteger(feature.id) && feature.id >= 0) {
		pbf.writeVarintField(1, feature.id);
	}
	if (feature.tags.length > 0) pbf.writePackedVarint(2, feature.tags);
	pbf.writeVarintField(3, feature.type);
	pbf.writePackedVarint(4, feature.geometry);
}

function writeValue(value: PropertyValue, pbf: Pbf) {
	if (typeof value === 'string') pbf.writeStringField(1, value);
	else if (typeof value === 'boolean') pbf.writeBooleanField(7, value);
	else if (!Number.isSafeInteger(value)) pbf.writeDoubleField(3, value);
	else if (value < 0) pbf.writeSVarintField(6, value);
	else pbf.writeVarintField(5, value);
}

/** Parameter integers are zigzag-encoded so that small negative deltas stay small. */
export function zigzag(n: number): number {
	return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function commandInteger(command: Command, count: number): number {
	return (command & 0x7) | (count << 3);
}

function encodeGeometry(geometry: Geometry): { type: GeomType; commands: number[] } | null {
	switch (geometry.type) {
		case 'Point':
			return points([geometry.coordinates]);
		case 'MultiPoint':
			return points(geometry.coordinates);
		case 'LineString':
			return lines([geometry.coordinates]);
		case 'MultiLineString':
			return lines(geometry.coordinates);
		case 'Polygon':
			return polygons([geometry.coordinates]);
		case 'MultiPolygon':
			return polygons(geometry.coordinates);
		case 'GeometryCollection': {
			// Clipping can turn a polygon into a collection; keep the members of its main dimension.
			const polygonal = geometry.geometries.flatMap((g) =>
				g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : []
			);
			if (polygonal.length > 0) return polygons(polygonal);
			const linear = geometry.geometries.flatMap((g) =>
				g.type === 'LineString'
					? [g.coordinates]
					: g.type === 'MultiLineString'
						? g.coordinates
						: []
			);
			if (linear.length > 0) return lines(linear);
			const punctual = geometry.geometries.flatMap((g) =>
				g.type === 'Point' ? [g.coordinates] : g.type === 'MultiPoint' ? g.coordinates : []
			);
			return punctual.length > 0 ? points(punctual) : null;
		}
	}
}

class Cursor {
	x = 0;
	y = 0;
	readonly commands: number[] = [];

	moveTo(point: Point) {
		this.commands.push(commandInteger(Command.MoveTo, 1));
		this.delta(point);
	}

	lineTo(path: Point[]) {
		this.commands.push(commandInteger(Command.LineTo, path.length));
		for (const point of path) this.delta(point);
	}

	closePath() {
		this.commands.push(commandInteger(Command.ClosePath, 1));
	}

	delta([x, y]: Point) {
		this.commands.push(zigzag(x - this.x), zigzag(y - this.y));
		this.x = x;
		this.y = y;
	}
}

function points(positions: Position[]) {
	const cursor = new Cursor();
	const pts = positions.map(round);
	if (pts.length === 0) return null;
	cursor.commands.push(commandInteger(Command.MoveTo, pts.length));
	for (const point of pts) cursor.delta(point);
	return { type: GeomType.Point, commands: cursor.commands };
}

function lines(parts: Position[][]) {
	const cursor = new Cursor();
	for (const part of parts) {
		const path = dedupe(part.map(round));
		if (path.length < 2) continue;
		cursor.moveTo(path[0]!);
		cursor.lineTo(path.slice(1));
	}
	return cursor.commands.length > 0
		? { type: GeomType.LineString, commands: cursor.commands }
		: null;
}

function polygons(polys: Position[][][]) {
	const cursor = new Cursor();
	for (const rings of polys) {
		const [exterior, ...holes] = rings.map(openRing);
		if (!exterior) continue;
		writeRing(cursor, exterior, true);
		for (const hole of holes) if (hole) writeRing(cursor, hole, false);
	}
	return cursor.commands.length > 0 ? { type: GeomType.Polygon, commands: cursor.commands } : null;
}

function writeRing(cursor: Cursor, ring: Point[], exterior: boolean) {
	const area = signedArea(ring);
	if (exterior !== area > 0) ring.reverse();
	cursor.moveTo(ring[0]!);
	cursor.lineTo(ring.slice(1));
	cursor.closePath();
}

/** The ring's distinct points without the closing one, or null when it encloses no area. */
function openRing(ring: Position[]): Point[] | null {
	const path = dedupe(ring.map(round));
	if (path.length > 1 && samePoint(path[0]!, path[path.length - 1]!)) path.pop();
	if (path.length < 3 || signedArea(path) === 0) return null;
	return path;
}

/** Surveyor's formula in tile coordinates: positive for a clockwise ring on screen (y down). */
export function signedArea(ring: Point[]): number {
	let sum = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		sum += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
	}
	return sum / 2;
}

function round(position: Position): Point {
	return [Math.round(position[0]!), Math.round(position[1]!)];
}

function samePoint(a: Point, b: Point) {
	return a[0] === b[0] && a[1] === b[1];
}

function dedupe(path: Point[]): Point[] {
	return path.filter((point, i) => i === 0 || !samePoint(point, path[i - 1]!));
}
