import { describe, expect, it } from 'vitest';
import { proxyWarning } from '../../src/lib/server/config';
import { isDevelopmentPath, secureHeaders } from '../../src/lib/server/security-headers';

const KIT_POLICY =
	"default-src 'self'; script-src 'self' 'nonce-abc'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'";

function headersFor(
	url: string,
	{ signedIn = false, policy = KIT_POLICY as string | null, cache = null as string | null } = {},
	basemapStyleUrl?: string
) {
	const headers = new Headers({ 'content-type': 'text/html' });
	if (policy) headers.set('content-security-policy', policy);
	if (cache) headers.set('cache-control', cache);
	secureHeaders(headers, new URL(url), { signedIn, basemapStyleUrl });
	return headers;
}

describe('security headers', () => {
	it('keeps SvelteKit’s policy, refuses frames and says utf-8', () => {
		const headers = headersFor('http://cartonum.test/');
		expect(headers.get('content-security-policy')).toBe(`${KIT_POLICY}; frame-ancestors 'none'`);
		expect(headers.get('x-frame-options')).toBe('DENY');
		expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(headers.get('x-content-type-options')).toBe('nosniff');
		expect(headers.get('strict-transport-security')).toBeNull();
	});

	it('asks https clients to stay on https for the domain and its subdomains', () => {
		expect(headersFor('https://cartonum.test/').get('strict-transport-security')).toBe(
			'max-age=31536000; includeSubDomains'
		);
	});

	it('gives responses without a policy one that runs nothing', () => {
		const policy = headersFor('http://cartonum.test/api/v1/programmes', { policy: null }).get(
			'content-security-policy'
		);
		expect(policy).toBe(
			"default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
		);
	});

	it('adds an online basemap’s origin where the map loads from', () => {
		const policy = headersFor('http://cartonum.test/', {}, 'https://tiles.example/style.json').get(
			'content-security-policy'
		)!;
		expect(policy).toContain("img-src 'self' data: blob: https://tiles.example https:");
		expect(policy).toContain("connect-src 'self' https://tiles.example https:");
		expect(policy).toContain("script-src 'self' 'nonce-abc';");
	});

	it('never lets a private path or a signed-in answer be stored', () => {
		for (const path of ['/contacts', '/contacts/ici', '/espace/x', '/api/v1/contacts/export'])
			expect(headersFor(`http://cartonum.test${path}`).get('cache-control'), path).toBe(
				'private, no-store'
			);
		expect(
			headersFor('http://cartonum.test/contacts', { cache: 'public, max-age=60' }).get(
				'cache-control'
			)
		).toBe('private, no-store');
		expect(
			headersFor('http://cartonum.test/structures/a', { signedIn: true }).get('cache-control')
		).toBe('private, no-store');
		expect(headersFor('http://cartonum.test/structures/a').get('cache-control')).toBeNull();
		expect(headersFor('http://cartonum.test/contactsx').get('cache-control')).toBeNull();
		// A public answer that chose its own caching keeps it.
		expect(
			headersFor('http://cartonum.test/api/v1/programmes', {
				signedIn: true,
				cache: 'public, max-age=3600'
			}).get('cache-control')
		).toBe('public, max-age=3600');
	});

	it('knows the development pages', () => {
		expect(isDevelopmentPath('/dev/emails')).toBe(true);
		expect(isDevelopmentPath('/dev')).toBe(true);
		expect(isDevelopmentPath('/developpement')).toBe(false);
	});
});

describe('proxy warning', () => {
	it('warns when the public origin is https and no address header is set', () => {
		expect(proxyWarning({ origin: 'https://cartonum.fr' })).toContain('ADDRESS_HEADER');
		expect(proxyWarning({ origin: 'https://cartonum.fr', addressHeader: 'X-Forwarded-For' })).toBe(
			undefined
		);
		expect(proxyWarning({ origin: 'http://127.0.0.1:3000' })).toBe(undefined);
		expect(proxyWarning({})).toBe(undefined);
	});
});
