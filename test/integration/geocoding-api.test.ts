import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import { GET as geocodeRoute } from '../../src/routes/api/v1/geocode/+server';
import { GET as reverseRoute } from '../../src/routes/api/v1/reverse/+server';
import { freshDatabase } from '../helpers/database';

/** GET /api/v1/geocode and /api/v1/reverse as SvelteKit calls them, on real PostGIS. */
let sql: Sql;

beforeAll(async () => {
	sql = await freshDatabase();
	await sql`
		insert into territories (code, kind, insee_code, name, departement_code, postcodes, geom,
			label_point)
		values ('com:21231', 'commune', '21231', 'Dijon', '21', '{21000}',
			ST_GeomFromText('MULTIPOLYGON(((5 47.3,5.1 47.3,5.1 47.36,5 47.36,5 47.3)))', 4326),
			ST_SetSRID(ST_MakePoint(5.05, 47.33), 4326))`;
});

let client = 0;

async function call(
	handler: (event: never) => Response | Promise<Response>,
	path: string,
	address = `192.0.2.${++client}`
) {
	const url = new URL(path, 'http://localhost');
	const response = await handler({
		url,
		request: new Request(url),
		params: {},
		getClientAddress: () => address
	} as never);
	return { response, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /api/v1/geocode', () => {
	it('answers candidates, cacheable and open to every origin', async () => {
		const { response, body } = await call(geocodeRoute, '/api/v1/geocode?q=21000%20dijon&limit=3');
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
		expect(response.headers.get('access-control-allow-origin')).toBe('*');
		expect(body.candidates).toEqual([
			expect.objectContaining({
				label: '21000 Dijon',
				communeCode: '21231',
				communeName: 'Dijon',
				precision: 'commune'
			})
		]);
	});

	it('refuses a missing, short or long query and a bad limit, naming the parameter in French', async () => {
		const cases: [string, string, RegExp][] = [
			['/api/v1/geocode', 'q', /manquant/],
			['/api/v1/geocode?q=a', 'q', /au moins 2 caractères/],
			[`/api/v1/geocode?q=${'a'.repeat(201)}`, 'q', /200 caractères au plus/],
			['/api/v1/geocode?q=Dijon&limit=0', 'limit', /de 1 à 10/],
			['/api/v1/geocode?q=Dijon&limit=11', 'limit', /de 1 à 10/],
			['/api/v1/geocode?q=Dijon&limit=abc', 'limit', /de 1 à 10/]
		];
		for (const [path, parameter, message] of cases) {
			const { response, body } = await call(geocodeRoute, path);
			expect(response.status).toBe(400);
			expect(body.error).toEqual({ message: expect.stringMatching(message), parameter });
		}
	});

	it('slows down one client past 120 requests a minute, with a French message', async () => {
		const address = '198.51.100.7';
		for (let i = 0; i < 120; i++) {
			expect((await call(geocodeRoute, '/api/v1/geocode?q=Dijon', address)).response.status).toBe(
				200
			);
		}
		const { response, body } = await call(geocodeRoute, '/api/v1/geocode?q=Dijon', address);
		expect(response.status).toBe(429);
		expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
		expect((body.error as { message: string }).message).toMatch(/^Trop de requêtes/);
		expect((await call(geocodeRoute, '/api/v1/geocode?q=Dijon')).response.status).toBe(200);
	});
});

describe('GET /api/v1/reverse', () => {
	it('gives the commune under the point', async () => {
		const { response, body } = await call(reverseRoute, '/api/v1/reverse?lon=5.04&lat=47.32');
		expect(response.status).toBe(200);
		expect(body).toEqual({ communeCode: '21231', communeName: 'Dijon', departementCode: '21' });
	});

	it('answers 404 with a French message outside the region', async () => {
		const { response, body } = await call(reverseRoute, '/api/v1/reverse?lon=2.35&lat=48.85');
		expect(response.status).toBe(404);
		expect((body.error as { message: string }).message).toMatch(
			/hors de la région Bourgogne-Franche-Comté/
		);
	});

	it('refuses missing, malformed and out-of-range coordinates', async () => {
		const cases: [string, string][] = [
			['/api/v1/reverse?lat=47', 'lon'],
			['/api/v1/reverse?lon=5', 'lat'],
			['/api/v1/reverse?lon=NaN&lat=47', 'lon'],
			['/api/v1/reverse?lon=Infinity&lat=47', 'lon'],
			['/api/v1/reverse?lon=5&lat=1e3', 'lat'],
			['/api/v1/reverse?lon=181&lat=47', 'lon'],
			['/api/v1/reverse?lon=5&lat=-90.5', 'lat'],
			['/api/v1/reverse?lon=5%3Bdrop&lat=47', 'lon']
		];
		for (const [path, parameter] of cases) {
			const { response, body } = await call(reverseRoute, path);
			expect(response.status).toBe(400);
			expect((body.error as { parameter: string }).parameter).toBe(parameter);
		}
	});
});
