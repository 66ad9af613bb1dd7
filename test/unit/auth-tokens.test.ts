import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
	requireRole,
	requireUser,
	returnPath,
	safeReturnPath
} from '../../src/lib/server/auth/guards';
import type { SessionUser } from '../../src/lib/server/auth/sessions';
import { hashSecret, randomToken, secretMatches } from '../../src/lib/server/auth/tokens';

describe('random tokens', () => {
	it('carry 160 bits in 32 lower-case base32 characters, never twice the same', () => {
		const seen = new Set<string>();
		for (let i = 0; i < 1000; i++) {
			const token = randomToken();
			expect(token).toMatch(/^[a-z2-7]{32}$/);
			seen.add(token);
		}
		expect(seen.size).toBe(1000);
		// Every base32 digit shows up: the bytes are spread over the whole alphabet.
		const digits = new Set([...seen].join(''));
		expect(digits.size).toBe(32);
	});

	it('are stored as a 32-byte SHA-256 that only the same secret matches', () => {
		const secret = randomToken();
		const stored = hashSecret(secret);
		expect(stored).toHaveLength(32);
		expect(secretMatches(secret, stored)).toBe(true);
		expect(secretMatches(secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a'), stored)).toBe(
			false
		);
		expect(secretMatches('', stored)).toBe(false);
	});
});

const partner: SessionUser = { id: 'u1', email: 'p@exemple.fr', displayName: 'P', role: 'partner' };
const locals = (user: SessionUser | null, requestPath = '/espace/brouillons?etape=2') =>
	({ user, session: null, requestPath }) as App.Locals;

function thrown(fn: () => unknown): unknown {
	try {
		fn();
	} catch (error) {
		return error;
	}
	throw new Error('expected the guard to throw');
}

describe('guards', () => {
	it('send anonymous visitors of a page to the sign-in page, with the way back', () => {
		const error = thrown(() => requireUser(locals(null)));
		expect(isRedirect(error)).toBe(true);
		if (!isRedirect(error)) return;
		expect(error.status).toBe(303);
		expect(error.location).toBe(
			'/compte/connexion?redirectTo=' + encodeURIComponent('/espace/brouillons?etape=2')
		);
		const role = thrown(() => requireRole(locals(null, '/moderation'), 'moderator'));
		expect(isRedirect(role) && role.location).toBe('/compte/connexion?redirectTo=%2Fmoderation');
	});

	it('answer 401 to anonymous API calls, 403 to a role too low, and let higher roles in', () => {
		const api = thrown(() => requireUser(locals(null, '/api/v1/contacts?territory=dep:21')));
		expect(isHttpError(api, 401)).toBe(true);
		const forbidden = thrown(() => requireRole(locals(partner), 'moderator'));
		expect(isHttpError(forbidden, 403)).toBe(true);
		expect(
			isHttpError(
				thrown(() => requireRole(locals(partner, '/api/x'), 'admin')),
				403
			)
		).toBe(true);
		const moderator = { ...partner, role: 'moderator' as const };
		const admin = { ...partner, role: 'admin' as const };
		expect(requireUser(locals(partner))).toBe(partner);
		expect(requireRole(locals(moderator), 'moderator')).toBe(moderator);
		expect(requireRole(locals(admin), 'moderator')).toBe(admin);
		expect(
			isHttpError(
				thrown(() => requireRole(locals(moderator), 'admin')),
				403
			)
		).toBe(true);
	});

	it('only return to paths of this site after signing in', () => {
		expect(safeReturnPath('/espace?etape=2#carte')).toBe('/espace?etape=2');
		expect(safeReturnPath('/espace/../compte?a=%2F%2F')).toBe('/compte?a=%2F%2F');
		for (const hostile of [
			'https://evil.example/',
			'//evil.example/',
			'/\\evil.example/',
			'/\t/evil.example',
			'/.//evil.example',
			'/./\\evil.example',
			'/..//evil.example',
			'/a/..//evil.example',
			'/%2e//evil.example',
			'/%2E%2E//evil.example',
			'/a/%2e%2e/\\evil.example',
			'/.\t//evil.example',
			'/.\n/\\evil.example',
			'javascript:alert(1)',
			'',
			null
		])
			expect(safeReturnPath(hostile), String(hostile)).toBe('/compte');
	});

	it('never return a path that a browser would resolve to another host', () => {
		const origin = 'https://cartonum.example';
		const starts = ['/', '/./', '/../', '/a/../', '/%2e/', '/%2e%2e/', '/.%2e/', '/a/b/../../'];
		const joins = [
			'/',
			'\\',
			'%2F',
			'%5C',
			'%2f%2f',
			'\t/',
			'/\t',
			'\n\\',
			'%09/',
			'%0a/',
			'./',
			'../'
		];
		let accepted = 0;
		for (const start of starts)
			for (const join of joins)
				for (const end of [
					'evil.example',
					'/evil.example',
					'@evil.example',
					'evil.example/%2F..'
				]) {
					const path = returnPath(start + join + end);
					if (path === null) continue;
					accepted++;
					expect(path, start + join + end).toMatch(/^\/(?![/\\])/);
					expect(new URL(path, origin).origin, start + join + end).toBe(origin);
				}
		// Harmless paths (`/%2F%2Fevil.example` is a path of this site) are kept, not all refused.
		expect(accepted).toBeGreaterThan(0);
	});
});
