import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../helpers/dev-server';
import { freshDatabase } from '../helpers/database';

/**
 * Production gets streets from an online basemap style (Plan IGN): PUBLIC_BASEMAP_STYLE_URL
 * reaches every page's data (the map component loads that style instead of the offline one),
 * the security policy lets the browser fetch it, and the address step stops saying that the
 * basemap shows only boundaries.
 */
const PLAN_IGN =
	'https://data.geopf.fr/annexes/ressources/vectorTiles/styles/PLAN.IGN/standard.json';
let server: ViteDevServer;
let base: string;
const before = process.env.PUBLIC_BASEMAP_STYLE_URL;

beforeAll(async () => {
	await freshDatabase();
	process.env.PUBLIC_BASEMAP_STYLE_URL = PLAN_IGN;
	({ server, base } = await startDevServer());
}, 180_000);

afterAll(async () => {
	await server?.close();
	if (before === undefined) delete process.env.PUBLIC_BASEMAP_STYLE_URL;
	else process.env.PUBLIC_BASEMAP_STYLE_URL = before;
});

describe('PUBLIC_BASEMAP_STYLE_URL', () => {
	it('is the style the map page hands to its map, and the browser may fetch it', async () => {
		const response = await fetch(`${base}/`);
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain(`basemapStyleUrl:${JSON.stringify(PLAN_IGN)}`);
		const policy = response.headers.get('content-security-policy') ?? '';
		expect(policy).toMatch(/connect-src 'self'[^;]* https:\/\/data\.geopf\.fr/);
	});

	it('is served to every page, not only the map (the address step’s pin map uses it)', async () => {
		const html = await (await fetch(`${base}/programmes`)).text();
		expect(html).toContain(`basemapStyleUrl:${JSON.stringify(PLAN_IGN)}`);
	});
});
