import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import { createBanGeocoder, offlineGeocoder } from '../../src/lib/server/geocoding';
import { freshDatabase } from '../helpers/database';

/**
 * The national address API geocoder, without the internet: a closed local port and small
 * local servers stand for the API being down, hanging, failing, or answering.
 */
let sql: Sql;

const square = (w: number, s: number, e: number, n: number) =>
	`MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`;

beforeAll(async () => {
	sql = await freshDatabase();
	const communes = [
		['21231', 'Dijon', '21', ['21000'], [], [5.0, 47.3, 5.1, 47.36]],
		['25056', 'Besançon', '25', ['25000'], ['25999'], [5.95, 47.2, 6.08, 47.3]]
	] as const;
	for (const [insee, name, dep, postcodes, former, [w, s, e, n]] of communes) {
		await sql`
			insert into territories (code, kind, insee_code, name, departement_code, postcodes,
				former_codes, geom, label_point)
			values (${'com:' + insee}, 'commune', ${insee}, ${name}, ${dep},
				${postcodes as unknown as string[]}, ${former as unknown as string[]},
				ST_GeomFromText(${square(w, s, e, n)}, 4326),
				ST_SetSRID(ST_MakePoint(${(w + e) / 2}, ${(s + n) / 2}), 4326))`;
	}
});

const servers: Server[] = [];
afterAll(async () => {
	for (const server of servers) {
		server.closeAllConnections();
		await new Promise((done) => server.close(done));
	}
});

/** A local HTTP server; returns its base URL and the requests it received. */
async function serve(answer: (request: IncomingMessage, response: ServerResponse) => void) {
	const requests: URL[] = [];
	const server = createServer((request, response) => {
		requests.push(new URL(request.url ?? '/', 'http://localhost'));
		answer(request, response);
	});
	servers.push(server);
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}`, requests };
}

/** A port nothing listens on: opened, then closed. */
async function closedPort(): Promise<string> {
	const server = createServer();
	await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
	const { port } = server.address() as AddressInfo;
	await new Promise((done) => server.close(done));
	return `http://127.0.0.1:${port}`;
}

const feature = (
	type: string,
	name: string,
	postcode: string,
	citycode: string,
	city: string,
	[lon, lat]: [number, number],
	score: number
) => ({
	type: 'Feature',
	geometry: { type: 'Point', coordinates: [lon, lat] },
	properties: { label: `${name} ${postcode} ${city}`, name, type, score, postcode, citycode, city }
});

describe('BAN geocoder', () => {
	it('falls back to the offline gazetteer when the API is unreachable', async () => {
		const ban = createBanGeocoder({ baseUrl: await closedPort(), timeoutMs: 2000 });
		const expected = await offlineGeocoder.geocode('Besançon');
		expect(expected[0]?.communeCode).toBe('25056');
		expect(await ban.geocode('Besançon')).toEqual(expected);
	});

	it('falls back when the API hangs, then leaves it alone for a while', async () => {
		const api = await serve(() => {});
		const ban = createBanGeocoder({ baseUrl: api.url, timeoutMs: 300 });
		expect((await ban.geocode('21000 Dijon'))[0]?.communeCode).toBe('21231');
		expect((await ban.geocode('Besançon'))[0]?.communeCode).toBe('25056');
		expect(api.requests).toHaveLength(1);
	});

	it('falls back when the API fails or answers nonsense', async () => {
		for (const answer of [
			(_: IncomingMessage, response: ServerResponse) => response.writeHead(503).end(),
			(_: IncomingMessage, response: ServerResponse) =>
				response.writeHead(200, { 'content-type': 'application/json' }).end('<html>')
		]) {
			const api = await serve(answer);
			const ban = createBanGeocoder({ baseUrl: api.url, timeoutMs: 2000 });
			expect((await ban.geocode('Besançon'))[0]?.communeCode).toBe('25056');
			expect(api.requests).toHaveLength(1);
		}
	});

	it('keeps the answers of the region, with the commune codes of the gazetteer', async () => {
		const api = await serve((_, response) => {
			response.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					type: 'FeatureCollection',
					features: [
						feature(
							'housenumber',
							'12 Rue de la Liberté',
							'21000',
							'21231',
							'Dijon',
							[5.04, 47.32],
							0.93
						),
						feature('street', 'Rue de la Liberté', '75011', '75111', 'Paris', [2.37, 48.86], 0.9),
						feature('municipality', 'Besançon', '25000', '25999', 'Besançon', [6.02, 47.25], 0.8),
						{ type: 'Feature', geometry: null, properties: { label: 'broken' } }
					]
				})
			);
		});
		const ban = createBanGeocoder({ baseUrl: api.url, timeoutMs: 2000 });
		const candidates = await ban.geocode('12 rue de la Liberté', { limit: 5 });
		expect(candidates).toEqual([
			{
				label: '12 Rue de la Liberté, 21000 Dijon',
				street: '12 Rue de la Liberté',
				postcode: '21000',
				communeCode: '21231',
				communeName: 'Dijon',
				lon: 5.04,
				lat: 47.32,
				precision: 'street',
				score: 0.93
			},
			{
				label: '25000 Besançon',
				postcode: '25000',
				communeCode: '25056',
				communeName: 'Besançon',
				lon: 6.02,
				lat: 47.25,
				precision: 'commune',
				score: 0.8
			}
		]);
		const request = api.requests[0]!;
		expect(request.pathname).toBe('/search/');
		expect(request.searchParams.get('q')).toBe('12 rue de la Liberté');
		expect(request.searchParams.get('autocomplete')).toBe('1');
	});

	it('answers queries under 3 characters offline, without calling the API', async () => {
		const api = await serve((_, response) => response.writeHead(500).end());
		const ban = createBanGeocoder({ baseUrl: api.url });
		expect(await ban.geocode('Di')).toEqual(await offlineGeocoder.geocode('Di'));
		expect(api.requests).toHaveLength(0);
	});

	it('finds the commune under a point with PostGIS, never with the API', async () => {
		const api = await serve((_, response) => response.writeHead(500).end());
		const ban = createBanGeocoder({ baseUrl: api.url });
		expect(await ban.reverse(5.05, 47.33)).toEqual({
			communeCode: '21231',
			communeName: 'Dijon',
			departementCode: '21'
		});
		expect(await ban.reverse(2.35, 48.85)).toBeNull();
		expect(api.requests).toHaveLength(0);
	});
});
