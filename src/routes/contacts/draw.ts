import type { Feature, FeatureCollection, Polygon, Position } from 'geojson';
import type { LayerSpecification } from 'maplibre-gl';
import { parseDrawnPolygon, type DrawnArea } from '$lib/domain/polygon';
import type { Parsed } from '$lib/domain/territory-code';

/**
 * The draw tool's state, kept apart from MapLibre so that it can be tested: the vertices
 * placed so far, in order. Closing joins the last vertex to the first and checks the result
 * with the same rules as the server.
 */
export type Vertex = [number, number];

export function addVertex(vertices: Vertex[], vertex: Vertex): Vertex[] {
	const last = vertices.at(-1);
	// A double-click sends two clicks on the same spot before closing: count it once.
	if (last && last[0] === vertex[0] && last[1] === vertex[1]) return vertices;
	return [...vertices, vertex];
}

export function removeLastVertex(vertices: Vertex[]): Vertex[] {
	return vertices.slice(0, -1);
}

export function closePolygon(vertices: Vertex[]): Parsed<DrawnArea> {
	if (vertices.length < 3)
		return {
			ok: false,
			message: `Placez au moins trois sommets avant de fermer la zone (${vertices.length} pour l’instant).`
		};
	const ring: Position[] = [...vertices, vertices[0]!];
	return parseDrawnPolygon({ type: 'Polygon', coordinates: [ring] });
}

/** What the map shows while drawing: the edges so far (and to the pointer), and the vertices. */
export function drawingPreview(vertices: Vertex[], pointer: Vertex | null): FeatureCollection {
	const path = pointer ? [...vertices, pointer] : vertices;
	const features: Feature[] = vertices.map((v, i) => ({
		type: 'Feature',
		properties: { role: i === 0 ? 'first' : 'vertex' },
		geometry: { type: 'Point', coordinates: v }
	}));
	if (path.length >= 2)
		features.unshift({
			type: 'Feature',
			properties: { role: 'edge' },
			geometry: {
				type: 'LineString',
				coordinates: path.length >= 3 ? [...path, path[0]!] : path
			}
		});
	if (path.length >= 3)
		features.unshift({
			type: 'Feature',
			properties: { role: 'area' },
			geometry: { type: 'Polygon', coordinates: [[...path, path[0]!]] } satisfies Polygon
		});
	return { type: 'FeatureCollection', features };
}

export const DRAW_SOURCE = 'draw';

/** How the drawing looks: the area filled, its edges dashed, the vertices (the first larger). */
export const DRAW_LAYERS: LayerSpecification[] = [
	{
		id: 'draw-area',
		type: 'fill',
		source: DRAW_SOURCE,
		filter: ['==', ['get', 'role'], 'area'],
		paint: { 'fill-color': '#e1000f', 'fill-opacity': 0.08 }
	},
	{
		id: 'draw-edge',
		type: 'line',
		source: DRAW_SOURCE,
		filter: ['==', ['get', 'role'], 'edge'],
		paint: { 'line-color': '#e1000f', 'line-width': 2, 'line-dasharray': [2, 1] }
	},
	{
		id: 'draw-vertex',
		type: 'circle',
		source: DRAW_SOURCE,
		filter: ['!=', ['get', 'role'], 'edge'],
		paint: {
			'circle-radius': ['case', ['==', ['get', 'role'], 'first'], 6, 4],
			'circle-color': '#ffffff',
			'circle-stroke-color': '#e1000f',
			'circle-stroke-width': 2
		}
	}
];
