import { describe, expect, it } from 'vitest';
import { refuseCrossSite } from '../../src/lib/server/api/same-origin';

const url = new URL('https://cartonum.example/api/v1/contacts');
const request = (headers: Record<string, string>) =>
	new Request(url, { method: 'POST', headers, body: '{}' });

describe('the same-origin guard of endpoints that answer a session', () => {
	it('lets this site, the address bar and clients without browser headers through', () => {
		for (const headers of <Record<string, string>[]>[
			{ origin: url.origin, 'sec-fetch-site': 'same-origin' },
			{ origin: url.origin },
			{ 'sec-fetch-site': 'same-origin' },
			{ 'sec-fetch-site': 'none' },
			{}
		])
			expect(refuseCrossSite(request(headers), url)).toBeNull();
	});

	it('refuses another origin or a cross-site fetch with a French JSON 403', async () => {
		for (const headers of <Record<string, string>[]>[
			{ origin: 'https://evil.example' },
			{ origin: 'http://cartonum.example' },
			{ origin: 'https://cartonum.example.evil.example', 'sec-fetch-site': 'same-origin' },
			{ 'sec-fetch-site': 'cross-site' },
			{ 'sec-fetch-site': 'same-site' },
			{ origin: url.origin, 'sec-fetch-site': 'cross-site' }
		]) {
			const refused = refuseCrossSite(request(headers), url);
			expect(refused?.status).toBe(403);
			expect(refused?.headers.get('content-type')).toBe('application/json; charset=utf-8');
			expect(refused?.headers.get('cache-control')).toBe('no-store');
			expect(refused?.headers.get('access-control-allow-origin')).toBeNull();
			expect(await refused?.json()).toEqual({
				error: { message: 'Requête refusée : elle ne vient pas de Cartonum.' }
			});
		}
	});
});
