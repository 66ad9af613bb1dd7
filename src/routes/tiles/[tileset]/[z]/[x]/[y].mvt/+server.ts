import { error, json } from '@sveltejs/kit';
import * as tiles from '$lib/server/tiles';
import type { RequestHandler } from './$types';

/** Vector tiles of the offline basemap: `/tiles/boundaries/{z}/{x}/{y}.mvt`. */
export const GET: RequestHandler = async ({ params, request }) => {
	if (!tiles.isTileset(params.tileset)) {
		error(404, `Jeu de tuiles inconnu : « ${params.tileset.slice(0, 40)} ».`);
	}
	const tile = { z: toInt(params.z), x: toInt(params.x), y: toInt(params.y) };
	if (!tiles.isTile(tile)) {
		return json(
			{
				error: {
					message: `Tuile invalide (${params.z}/${params.x}/${params.y}) : le niveau de zoom va de 0 à ${tiles.MAX_TILE_ZOOM}, x et y de 0 à 2^zoom − 1.`,
					parameter: 'z/x/y'
				}
			},
			{ status: 400 }
		);
	}
	const { raw, gzip } = await tiles.encodedBoundaries(tile);
	// Gzip saves about a third; adapter-node does not compress responses itself.
	const compressed = gzip !== null && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
	const body = compressed ? gzip : raw;
	return new Response(body as Uint8Array<ArrayBuffer>, {
		headers: {
			'Content-Type': 'application/vnd.mapbox-vector-tile',
			'Content-Length': String(body.byteLength),
			...(compressed ? { 'Content-Encoding': 'gzip' } : {}),
			Vary: 'Accept-Encoding',
			// Boundaries change only with a re-import of the territories.
			'Cache-Control': 'public, max-age=86400'
		}
	});
};

function toInt(text: string): number {
	return /^\d{1,6}$/.test(text) ? Number(text) : NaN;
}
