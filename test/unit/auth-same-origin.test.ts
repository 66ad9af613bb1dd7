import { describe, expect, it } from 'vitest';
import { refuseCrossSiteJson } from '../../src/lib/server/auth/same-origin';

const url = new URL('https://cartonum.example/api/v1/contacts');
const request = (headers: Record<string, string>) =>
	new Request(url, { method: 'POST', headers, body: '{}' });

describe('JSON endpoints that change state', () => {
	it('accept JSON from this site, and clients that send no browser headers', () => {
		const json = { 'content-type': 'application/json; charset=utf-8' };
		expect(
			refuseCrossSiteJson(
				request({ ...json, origin: url.origin, 'sec-fetch-site': 'same-origin' }),
				url
			)
		).toBeNull();
		expect(refuseCrossSiteJson(request(json), url)).toBeNull();
	});

	it('refuse another site, or a body that a cross-site form could send', async () => {
		const crossOrigin = refuseCrossSiteJson(
			request({ 'content-type': 'application/json', origin: 'https://evil.example' }),
			url
		);
		expect(crossOrigin?.status).toBe(403);
		expect(await crossOrigin?.json()).toEqual({
			error: { message: 'Requête refusée : elle ne vient pas de Cartonum.' }
		});
		const crossSite = refuseCrossSiteJson(
			request({ 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' }),
			url
		);
		expect(crossSite?.status).toBe(403);
		for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data'])
			expect(
				refuseCrossSiteJson(request({ 'content-type': type, origin: url.origin }), url)?.status
			).toBe(415);
	});
});
