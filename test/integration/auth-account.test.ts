import { beforeAll, describe, expect, it, vi } from 'vitest';
import * as accountModule from '../../src/lib/server/auth/account';
import { settled } from '../../src/lib/server/auth/after-response';
import { LIMITS, SLOWDOWN, slowdownMs } from '../../src/lib/server/auth/account';
import * as sessions from '../../src/lib/server/auth/sessions';
import { hashSecret } from '../../src/lib/server/auth/tokens';
import * as users from '../../src/lib/server/auth/users';
import type { Sql } from '../../src/lib/server/db';
import { outbox } from '../../src/lib/server/email';
import { freshDatabase } from '../helpers/database';

const argon2Verifications = vi.hoisted(() => ({ count: 0 }));
vi.mock('@node-rs/argon2', async (original) => {
	const actual = await original<typeof import('@node-rs/argon2')>();
	return {
		...actual,
		verify: (...args: Parameters<typeof actual.verify>) => {
			argon2Verifications.count++;
			return actual.verify(...args);
		}
	};
});

/**
 * The account functions, each followed by the work it leaves for after the answer (account
 * creation, links, emails), so that the tests read what it did.
 */
const account = {
	...accountModule,
	signUp: async (...args: Parameters<typeof accountModule.signUp>) => {
		const result = await accountModule.signUp(...args);
		await settled();
		return result;
	},
	requestPasswordReset: async (...args: Parameters<typeof accountModule.requestPasswordReset>) => {
		const result = await accountModule.requestPasswordReset(...args);
		await settled();
		return result;
	},
	resendVerification: async (...args: Parameters<typeof accountModule.resendVerification>) => {
		const result = await accountModule.resendVerification(...args);
		await settled();
		return result;
	}
};

let sql: Sql;
let ipCounter = 0;
/** Each test comes from an address of its own, so that rate limits do not leak between tests. */
const from = () => ({ ip: `192.0.2.${++ipCounter}`, url: new URL('http://cartonum.test/compte') });
const PASSWORD = 'cheval agrafe batterie correcte';

beforeAll(async () => {
	sql = await freshDatabase();
});

async function lastEmail(to: string) {
	const [email] = await outbox.list({ to, limit: 1 });
	return email;
}

function linkToken(text: string, path: string): string {
	const match = text.match(new RegExp(`http://cartonum\\.test${path}\\?jeton=([a-z2-7]+)`));
	if (!match) throw new Error(`no ${path} link in: ${text}`);
	return match[1]!;
}

async function verifiedUser(email: string, password = PASSWORD) {
	const user = await users.create({ email, password, verified: true, via: 'command-line' });
	return user!;
}

describe('sign-up', () => {
	it('creates an unverified partner and emails a verification link', async () => {
		const result = await account.signUp(
			{ email: 'Nouvelle@Exemple.fr', password: PASSWORD, displayName: 'Nina Nouvelle' },
			from()
		);
		expect(result).toEqual({ ok: true });
		const user = await users.byEmail('nouvelle@exemple.fr');
		expect(user).toMatchObject({
			email: 'nouvelle@exemple.fr',
			displayName: 'Nina Nouvelle',
			role: 'partner',
			emailVerifiedAt: null
		});
		expect(user!.passwordHash).toMatch(/^\$argon2id\$/);
		const email = await lastEmail('nouvelle@exemple.fr');
		expect(email?.subject).toBe('Confirmez votre adresse électronique');
		expect(linkToken(email!.text, '/compte/verification')).toMatch(/^[a-z2-7]{52}$/);
		const audit = await sql`select actor_id, details from audit_log
			where action = 'user.created' and entity_id = ${user!.id}`;
		expect(audit).toEqual([{ actor_id: user!.id, details: { via: 'sign-up', role: 'partner' } }]);
	});

	it('answers the same for a taken address, emails its owner instead and changes nothing', async () => {
		const owner = await verifiedUser('deja@exemple.fr');
		const result = await account.signUp(
			{ email: 'DEJA@exemple.fr', password: 'un autre mot de passe long', displayName: 'Intrus' },
			from()
		);
		expect(result).toEqual({ ok: true });
		expect(await sql`select 1 from users where lower(email) = 'deja@exemple.fr'`).toHaveLength(1);
		const after = await users.byId(owner.id);
		expect(after).toEqual(owner);
		const email = await lastEmail('deja@exemple.fr');
		expect(email?.subject).toBe('Vous avez déjà un compte Cartonum');
		expect(email?.text).toContain('http://cartonum.test/compte/mot-de-passe-oublie');
	});

	it('is rate-limited per address of origin', async () => {
		const origin = from();
		for (let i = 0; i < LIMITS.signUpPerIp.max; i++)
			await account.signUp(
				{ email: `flot${i}@exemple.fr`, password: PASSWORD, displayName: 'Flot' },
				origin
			);
		const result = await account.signUp(
			{ email: 'flot-de-trop@exemple.fr', password: PASSWORD, displayName: 'Flot' },
			origin
		);
		expect(result).toMatchObject({ ok: false, reason: 'rate_limited' });
		expect(await users.byEmail('flot-de-trop@exemple.fr')).toBeNull();
	});
});

describe('email verification', () => {
	it('works once, then the link is spent', async () => {
		await account.signUp(
			{ email: 'verif@exemple.fr', password: PASSWORD, displayName: 'Véra' },
			from()
		);
		const first = linkToken((await lastEmail('verif@exemple.fr'))!.text, '/compte/verification');

		// Signing in before verifying sends a fresh link, which replaces the first one.
		const denied = await account.signIn({ email: 'verif@exemple.fr', password: PASSWORD }, from());
		expect(denied).toEqual({ ok: false, reason: 'unverified' });
		const token = linkToken((await lastEmail('verif@exemple.fr'))!.text, '/compte/verification');
		expect(token).not.toBe(first);
		expect(await account.verifyEmail(first)).toBeNull();
		// Only the token's SHA-256 is kept.
		const stored = await sql`select encode(token_hash, 'hex') as hash from auth_tokens t
			join users u on u.id = t.user_id where u.email = 'verif@exemple.fr'`;
		expect(stored).toEqual([{ hash: Buffer.from(hashSecret(token)).toString('hex') }]);

		const userId = await account.verifyEmail(token);
		expect(userId).not.toBeNull();
		expect((await users.byId(userId!))!.emailVerifiedAt).toBeInstanceOf(Date);
		expect(await account.verifyEmail(token)).toBeNull();
		const audit = await sql`select 1 from audit_log where action = 'user.email_verified'
			and entity_id = ${userId}`;
		expect(audit).toHaveLength(1);
		const signedIn = await account.signIn(
			{ email: 'verif@exemple.fr', password: PASSWORD },
			from()
		);
		expect(signedIn.ok).toBe(true);
	});

	it('expires after 48 hours', async () => {
		await account.signUp(
			{ email: 'tardif@exemple.fr', password: PASSWORD, displayName: 'Tardif' },
			from()
		);
		const token = linkToken((await lastEmail('tardif@exemple.fr'))!.text, '/compte/verification');
		const [row] = await sql<{ hours: number }[]>`
			select extract(epoch from t.expires_at - t.created_at) / 3600 as hours from auth_tokens t
			join users u on u.id = t.user_id where u.email = 'tardif@exemple.fr'`;
		expect(Math.round(Number(row!.hours))).toBe(48);
		await sql`update auth_tokens set expires_at = now() - interval '1 second'
			where user_id = (select id from users where email = 'tardif@exemple.fr')`;
		expect(await account.verifyEmail(token)).toBeNull();
		expect((await users.byEmail('tardif@exemple.fr'))!.emailVerifiedAt).toBeNull();
	});
});

describe('sign-in', () => {
	it('opens a session for the right password', async () => {
		const user = await verifiedUser('bon@exemple.fr');
		const result = await account.signIn({ email: ' Bon@Exemple.FR ', password: PASSWORD }, from());
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect((await sessions.validate(result.token)).user?.id).toBe(user.id);
		const audit = await sql`select 1 from audit_log where action = 'user.signed_in'
			and entity_id = ${user.id}`;
		expect(audit).toHaveLength(1);
	});

	it('gives an unknown address and a wrong password the same answer after the same work', async () => {
		const user = await verifiedUser('connu@exemple.fr');
		let before = argon2Verifications.count;
		const wrong = await account.signIn(
			{ email: 'connu@exemple.fr', password: 'pas le bon mot de passe' },
			from()
		);
		expect(argon2Verifications.count - before).toBe(1);
		before = argon2Verifications.count;
		const unknown = await account.signIn(
			{ email: 'inconnu@exemple.fr', password: 'pas le bon mot de passe' },
			from()
		);
		expect(argon2Verifications.count - before).toBe(1);
		expect(unknown).toEqual(wrong);
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });

		await sql`update users set disabled_at = now() where id = ${user.id}`;
		const disabled = await account.signIn(
			{ email: 'connu@exemple.fr', password: PASSWORD },
			from()
		);
		expect(disabled).toEqual(wrong);
		const failures = await sql`select details->>'reason' as reason from audit_log
			where action = 'user.sign_in_failed' and entity_id = ${user.id} order by id`;
		expect(failures.map((f) => f.reason)).toEqual(['password', 'disabled']);
	});

	it(`stops an address after ${LIMITS.signInPerAccountAndIp.max} failures at an account, and only that address`, async () => {
		await verifiedUser('cible@exemple.fr');
		const attacker = from();
		for (let i = 0; i < LIMITS.signInPerAccountAndIp.max; i++) {
			const attempt = await account.signIn(
				{ email: 'cible@exemple.fr', password: `essai numéro ${i} raté` },
				attacker
			);
			expect(attempt).toEqual({ ok: false, reason: 'invalid' });
		}
		const blocked = await account.signIn(
			{ email: 'cible@exemple.fr', password: PASSWORD },
			attacker
		);
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
		expect(
			blocked.ok === false && blocked.reason === 'rate_limited' && blocked.retryAfterSeconds
		).toBeGreaterThan(0);
		// The counters live in PostgreSQL, shared by every app server.
		const [pair] = await sql`select hits from rate_limits
			where key = ${`sign-in:account-ip:cible@exemple.fr|${attacker.ip}`}`;
		expect(pair!.hits).toBe(LIMITS.signInPerAccountAndIp.max + 1);
		// The owner, from another address, is not locked out (ASVS 2.2.1).
		const owner = await account.signIn({ email: ' Cible@Exemple.fr', password: PASSWORD }, from());
		expect(owner.ok).toBe(true);
		// Once the window has passed, the address may try again.
		await sql`update rate_limits set window_start = now() - interval '1 hour'
			where key like 'sign-in:account-ip:cible@exemple.fr|%'`;
		expect(
			(await account.signIn({ email: 'cible@exemple.fr', password: PASSWORD }, attacker)).ok
		).toBe(true);
	});

	it('slows an account down after failures from many addresses, never stops it', async () => {
		await verifiedUser('repandue@exemple.fr');
		for (let i = 0; i < SLOWDOWN.freeAttempts + 2; i++)
			expect(
				await account.signIn({ email: 'repandue@exemple.fr', password: 'devine devine' }, from())
			).toEqual({ ok: false, reason: 'invalid' });
		const [row] = await sql`select hits from rate_limits
			where key = 'sign-in:account:repandue@exemple.fr'`;
		expect(slowdownMs(row!.hits + 1)).toBeGreaterThan(0);
		expect(
			(await account.signIn({ email: 'repandue@exemple.fr', password: PASSWORD }, from())).ok
		).toBe(true);
		// A success clears the account's counter: its owner's next sign-in waits for nothing.
		expect(
			await sql`select 1 from rate_limits where key = 'sign-in:account:repandue@exemple.fr'`
		).toHaveLength(0);
	});

	it('waits longer and longer past the free attempts, up to a ceiling', () => {
		const delays = Array.from({ length: 40 }, (_, i) => slowdownMs(i + 1));
		expect(delays.slice(0, SLOWDOWN.freeAttempts).every((d) => d === 0)).toBe(true);
		expect(delays[SLOWDOWN.freeAttempts]).toBe(SLOWDOWN.firstDelayMs);
		for (let i = 1; i < delays.length; i++)
			expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
		expect(Math.max(...delays)).toBe(SLOWDOWN.maxDelayMs);
		expect(slowdownMs(1_000_000)).toBe(SLOWDOWN.maxDelayMs);
	});

	it(`stops an address of origin after ${LIMITS.signInPerIp.max} attempts on any accounts`, async () => {
		await verifiedUser('voisin@exemple.fr');
		const origin = from();
		for (let i = 0; i < LIMITS.signInPerIp.max; i++)
			await account.signIn(
				{ email: `robot${i}@exemple.fr`, password: 'devine devine devine' },
				origin
			);
		const blocked = await account.signIn(
			{ email: 'voisin@exemple.fr', password: PASSWORD },
			origin
		);
		expect(blocked).toMatchObject({ ok: false, reason: 'rate_limited' });
		const elsewhere = await account.signIn(
			{ email: 'voisin@exemple.fr', password: PASSWORD },
			from()
		);
		expect(elsewhere.ok).toBe(true);
	});
});

describe('password reset', () => {
	it('answers the same for an unknown address, and sends nothing', async () => {
		const before = (await outbox.list({ to: 'personne@exemple.fr' })).length;
		expect(await account.requestPasswordReset('personne@exemple.fr', from())).toEqual({ ok: true });
		expect(await outbox.list({ to: 'personne@exemple.fr' })).toHaveLength(before);
	});

	it('sets a new password once, ends every session and is recorded', async () => {
		const user = await verifiedUser('oubli@exemple.fr');
		const open = await sessions.create(user.id);
		expect(await account.requestPasswordReset('oubli@exemple.fr', from())).toEqual({ ok: true });
		const email = (await lastEmail('oubli@exemple.fr'))!;
		expect(email.subject).toBe('Réinitialisation de votre mot de passe');
		const token = linkToken(email.text, '/compte/nouveau-mot-de-passe');

		const newPassword = 'nouvelle phrase bien plus longue';
		expect(await account.resetPassword(token, newPassword, from())).toEqual({ ok: true });
		expect((await sessions.validate(open.token)).user).toBeNull();
		expect(await account.resetPassword(token, 'encore une autre phrase', from())).toEqual({
			ok: false,
			reason: 'expired'
		});

		expect(
			(await account.signIn({ email: 'oubli@exemple.fr', password: PASSWORD }, from())).ok
		).toBe(false);
		expect(
			(await account.signIn({ email: 'oubli@exemple.fr', password: newPassword }, from())).ok
		).toBe(true);
		expect((await lastEmail('oubli@exemple.fr'))!.subject).toBe('Votre mot de passe a été modifié');
		const audit = await sql`select action from audit_log where entity_id = ${user.id}
			and action like 'user.password%' order by id`;
		expect(audit.map((a) => a.action)).toEqual([
			'user.password_reset_requested',
			'user.password_reset'
		]);
	});

	it('expires after one hour, and only the latest link works', async () => {
		await verifiedUser('lent@exemple.fr');
		await account.requestPasswordReset('lent@exemple.fr', from());
		const first = linkToken(
			(await lastEmail('lent@exemple.fr'))!.text,
			'/compte/nouveau-mot-de-passe'
		);
		await account.requestPasswordReset('lent@exemple.fr', from());
		const second = linkToken(
			(await lastEmail('lent@exemple.fr'))!.text,
			'/compte/nouveau-mot-de-passe'
		);
		expect((await account.resetPassword(first, 'une phrase de remplacement', from())).ok).toBe(
			false
		);

		const [row] = await sql<{ minutes: number }[]>`
			select extract(epoch from t.expires_at - t.created_at) / 60 as minutes from auth_tokens t
			join users u on u.id = t.user_id where u.email = 'lent@exemple.fr'`;
		expect(Math.round(Number(row!.minutes))).toBe(60);
		await sql`update auth_tokens set expires_at = now() - interval '1 second'
			where user_id = (select id from users where email = 'lent@exemple.fr')`;
		expect((await account.resetPassword(second, 'une phrase de remplacement', from())).ok).toBe(
			false
		);
		expect(
			(await account.signIn({ email: 'lent@exemple.fr', password: PASSWORD }, from())).ok
		).toBe(true);
	});

	it('sends at most a few emails an hour to one address, whoever asks', async () => {
		await verifiedUser('inondee@exemple.fr');
		for (let i = 0; i < LIMITS.emailsPerAddress.max + 3; i++)
			expect(await account.requestPasswordReset('inondee@exemple.fr', from())).toEqual({
				ok: true
			});
		expect(await outbox.list({ to: 'inondee@exemple.fr' })).toHaveLength(
			LIMITS.emailsPerAddress.max
		);
	});
});
