import { describe, expect, it } from 'vitest';
import {
	addVertex,
	closePolygon,
	drawingPreview,
	removeLastVertex,
	type Vertex
} from '../../src/routes/contacts/draw';

describe('draw tool state', () => {
	const triangle: Vertex[] = [
		[5, 47],
		[5.1, 47],
		[5.05, 47.1]
	];

	it('counts the two clicks of a double-click once', () => {
		let vertices: Vertex[] = [];
		for (const v of [...triangle, triangle[2]!]) vertices = addVertex(vertices, v);
		expect(vertices).toEqual(triangle);
		expect(removeLastVertex(vertices)).toEqual(triangle.slice(0, 2));
	});

	it('closes the ring and checks it like the server', () => {
		expect(closePolygon(triangle)).toEqual({
			ok: true,
			value: { type: 'Polygon', coordinates: [[...triangle, triangle[0]]] }
		});
		expect(closePolygon(triangle.slice(0, 2))).toEqual({
			ok: false,
			message: 'Placez au moins trois sommets avant de fermer la zone (2 pour l’instant).'
		});
		const bowTie: Vertex[] = [
			[5, 47],
			[5.1, 47.1],
			[5.1, 47],
			[5, 47.1]
		];
		expect(closePolygon(bowTie)).toMatchObject({ ok: false, message: /se recoupe/ });
	});

	it('previews the area, the edges to the pointer and the vertices', () => {
		const preview = drawingPreview(triangle.slice(0, 2), [5.05, 47.1]);
		expect(preview.features.map((f) => [f.geometry.type, f.properties?.role])).toEqual([
			['Polygon', 'area'],
			['LineString', 'edge'],
			['Point', 'first'],
			['Point', 'vertex']
		]);
		expect(drawingPreview([], null).features).toEqual([]);
	});
});
