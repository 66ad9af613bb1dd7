import { describe, expect, it } from 'vitest';
import { badRequest, notFound, problem, tooManyRequests } from '../../src/lib/server/api/responses';

describe('problem(): the one JSON error', () => {
	it('answers { error: { message, parameter? } }, never cached, private unless public', async () => {
		const plain = problem(403, 'Interdit.');
		expect(plain.status).toBe(403);
		expect(await plain.json()).toEqual({ error: { message: 'Interdit.' } });
		expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(plain.headers.get('cache-control')).toBe('no-store');
		expect(plain.headers.get('access-control-allow-origin')).toBeNull();

		const named = problem(400, 'Paramètre « limit » invalide.', {
			parameter: 'limit',
			headers: { 'X-Extra': 'oui' },
			public: true
		});
		expect(await named.json()).toEqual({
			error: { message: 'Paramètre « limit » invalide.', parameter: 'limit' }
		});
		expect(named.headers.get('x-extra')).toBe('oui');
		expect(named.headers.get('access-control-allow-origin')).toBe('*');
	});

	it('gives the public API its 400, 404 and 429, open to every origin', async () => {
		const bad = badRequest({ message: 'Mauvais.', parameter: 'bbox' });
		const missing = notFound('Inconnu.');
		const limited = tooManyRequests('Trop.', 42);
		expect([bad.status, missing.status, limited.status]).toEqual([400, 404, 429]);
		for (const response of [bad, missing, limited])
			expect(response.headers.get('access-control-allow-origin')).toBe('*');
		expect(await bad.json()).toEqual({ error: { message: 'Mauvais.', parameter: 'bbox' } });
		expect(await missing.json()).toEqual({ error: { message: 'Inconnu.' } });
		expect(limited.headers.get('retry-after')).toBe('42');
	});
});
