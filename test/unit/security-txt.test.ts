import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/lib/server/config', () => ({
	config: { securityContact: 'securite@exemple.fr' }
}));

describe('/.well-known/security.txt', () => {
	it('says where to report a vulnerability, until a date at most a year ahead', async () => {
		const { GET } = await import('../../src/routes/.well-known/security.txt/+server');
		const url = new URL('https://cartonum.test/.well-known/security.txt');
		const response = await GET({ url } as unknown as Parameters<typeof GET>[0]);
		expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
		const fields = Object.fromEntries(
			(await response.text())
				.trim()
				.split('\n')
				.map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)])
		);
		expect(fields.Contact).toBe('mailto:securite@exemple.fr');
		expect(fields.Canonical).toBe('https://cartonum.test/.well-known/security.txt');
		const expires = Date.parse(fields.Expires!);
		expect(expires).toBeGreaterThan(Date.now());
		expect(expires).toBeLessThan(Date.now() + 365 * 24 * 60 * 60 * 1000);
	});
});
