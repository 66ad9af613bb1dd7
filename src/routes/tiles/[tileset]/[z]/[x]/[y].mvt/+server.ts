import { error } from '@sveltejs/kit';
import { parseStructureFilters } from '$lib/domain/structure-filters';
import { problem } from '$lib/server/api/responses';
import * as tiles from '$lib/server/tiles';
import type { RequestHandler } from './$types';

/**
 * Vector tiles: `/tiles/boundaries/{z}/{x}/{y}.mvt` (the offline basemap) and
 * `/tiles/structures/{z}/{x}/{y}.mvt?category=…&programme=…&territory=…` (the structures,
 * clustered below the points zoom, with the filters of `/api/v1/structures`).
 */
export const GET: RequestHandler = async ({ params, request, url }) => {
	if (!tiles.isTileset(params.tileset)) {
		error(404, `Jeu de tuiles inconnu : « ${params.tileset.slice(0, 40)} ».`);
	}
	const tile = { z: toInt(params.z), x: toInt(params.x), y: toInt(params.y) };
	if (!tiles.isTile(tile)) {
		return problem(
			400,
			`Tuile invalide (${params.z}/${params.x}/${params.y}) : le niveau de zoom va de 0 à ${tiles.MAX_TILE_ZOOM}, x et y de 0 à 2^zoom − 1.`,
			{ parameter: 'z/x/y' }
		);
	}
	if (params.tileset === 'boundaries') {
		// Boundaries change only with a re-import of the territories.
		return tileResponse(await tiles.encodedBoundaries(tile), request, 'public, max-age=86400');
	}
	const filters = parseStructureFilters(url.searchParams);
	if (!filters.ok) return problem(400, filters.message, { parameter: filters.parameter });
	const encoded = await tiles.encodedStructures(tile, filters.value);
	// Caches (browser, proxy, CDN) keep the tile but ask again each time: a write changes the
	// ETag, an unchanged tile costs a 304.
	return tileResponse(encoded, request, 'public, no-cache');
};

function tileResponse(tile: tiles.EncodedTile, request: Request, cacheControl: string) {
	const headers: Record<string, string> = {
		'Content-Type': 'application/vnd.mapbox-vector-tile',
		Vary: 'Accept-Encoding',
		'Cache-Control': cacheControl
	};
	if (tile.etag) {
		headers.ETag = tile.etag;
		if (matches(request.headers.get('if-none-match'), tile.etag)) {
			return new Response(null, { status: 304, headers });
		}
	}
	// Gzip saves about a third; adapter-node does not compress responses itself.
	const compressed =
		tile.gzip !== null && /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
	const body = compressed ? tile.gzip! : tile.raw;
	return new Response(body as Uint8Array<ArrayBuffer>, {
		headers: {
			...headers,
			'Content-Length': String(body.byteLength),
			...(compressed ? { 'Content-Encoding': 'gzip' } : {})
		}
	});
}

/** If-None-Match compares weakly: any listed validator equal to ours, or `*`. */
function matches(header: string | null, etag: string): boolean {
	if (!header) return false;
	const bare = (tag: string) => tag.trim().replace(/^W\//, '');
	return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

function toInt(text: string): number {
	return /^\d{1,6}$/.test(text) ? Number(text) : NaN;
}
