import { config } from '../config';
import * as email from '../email';
import { afterResponse } from './after-response';
import * as audit from './audit';
import * as emails from './emails';
import * as tokens from './one-time-tokens';
import * as passwords from './passwords';
import * as rateLimit from '../rate-limit';
import * as sessions from './sessions';
import * as users from './users';

/** Where a request comes from: the client's address (rate limits) and URL (links in emails). */
export interface Origin {
	ip: string;
	url: URL;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
/**
 * Guesses at one account are counted per account *and* address of origin: an address that
 * fails 10 times stops for that account, while its owner still signs in from anywhere else
 * (nobody can lock an account out, ASVS 2.2.1). Per-address limits stop one client from trying
 * many accounts, and stay generous because a whole school or rectorat may share one address.
 */
export const LIMITS = {
	signInPerIp: { max: 100, windowSeconds: 15 * MINUTE },
	signInPerAccountAndIp: { max: 10, windowSeconds: 15 * MINUTE },
	signUpPerIp: { max: 20, windowSeconds: HOUR },
	resetPerIp: { max: 20, windowSeconds: HOUR },
	/** Emails about one address, whoever asks: nobody can flood an inbox through us. */
	emailsPerAddress: { max: 5, windowSeconds: HOUR }
} satisfies Record<string, rateLimit.Limit>;

/**
 * Links in emails use ORIGIN when set: the Host header of a request is chosen by the client,
 * and a forged one must not turn a reset email into a link to another site.
 */
function link(from: Origin, path: string): string {
	return new URL(path, config.origin ?? from.url.origin).href;
}

async function mailAllowed(address: string): Promise<boolean> {
	const key = `email:${users.normalizeEmail(address)}`;
	return (await rateLimit.hit(key, LIMITS.emailsPerAddress)).allowed;
}

/**
 * Attempts at one account from every address, counted in this window (the counter never
 * refuses: `max` is out of reach). Past `freeAttempts`, each attempt waits longer, up to
 * `maxDelayMs`: a guesser spread over many addresses is slowed down, the owner still gets in.
 */
export const SLOWDOWN = {
	max: Number.MAX_SAFE_INTEGER,
	windowSeconds: 15 * MINUTE,
	freeAttempts: 10,
	firstDelayMs: 250,
	maxDelayMs: 4000
};

/** The wait before the `attempt`-th attempt at one account in the window: 0, then doubling. */
export function slowdownMs(attempt: number): number {
	const over = attempt - SLOWDOWN.freeAttempts;
	if (over <= 0) return 0;
	return Math.min(SLOWDOWN.firstDelayMs * 2 ** Math.min(over - 1, 16), SLOWDOWN.maxDelayMs);
}

export type SignInResult =
	| { ok: true; token: string; session: sessions.Session; role: users.User['role'] }
	| { ok: false; reason: 'invalid' | 'unverified' }
	| { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Checks an email and password. An unknown address, a wrong password and a disabled account
 * give the same answer after the same work (one Argon2 verification), so that nobody can
 * learn which addresses have an account.
 */
export async function signIn(
	input: { email: string; password: string },
	from: Origin
): Promise<SignInResult> {
	const address = users.normalizeEmail(input.email);
	const accountKey = `sign-in:account:${address}`;
	const pairKey = `sign-in:account-ip:${address}|${from.ip}`;
	const perIp = await rateLimit.hit(`sign-in:ip:${from.ip}`, LIMITS.signInPerIp);
	const perPair = await rateLimit.hit(pairKey, LIMITS.signInPerAccountAndIp);
	if (!perIp.allowed || !perPair.allowed) {
		const retryAfterSeconds = Math.max(perIp.retryAfterSeconds, perPair.retryAfterSeconds);
		return { ok: false, reason: 'rate_limited', retryAfterSeconds };
	}
	// Every attempt is slowed down, whatever its password, so that the delay tells nothing.
	const perAccount = await rateLimit.hit(accountKey, SLOWDOWN);
	const delay = slowdownMs(perAccount.hits);
	if (delay) await new Promise((done) => setTimeout(done, delay));
	const user = await users.byEmail(input.email);
	if (!user) {
		await passwords.verifyNothing(input.password);
		return { ok: false, reason: 'invalid' };
	}
	const valid = await passwords.verify(user.passwordHash, input.password);
	if (!valid || user.disabledAt) {
		await audit.record('user.sign_in_failed', user.id, {
			actorId: null,
			details: { ip: from.ip, reason: valid ? 'disabled' : 'password' }
		});
		return { ok: false, reason: 'invalid' };
	}
	await rateLimit.clear(accountKey);
	await rateLimit.clear(pairKey);
	if (!user.emailVerifiedAt) {
		await sendVerification(user, from);
		return { ok: false, reason: 'unverified' };
	}
	const { token, session } = await sessions.create(user.id);
	await audit.record('user.signed_in', user.id, { details: { ip: from.ip } });
	return { ok: true, token, session, role: user.role };
}

async function sendVerification(user: users.User, from: Origin): Promise<void> {
	if (!(await mailAllowed(user.email))) return;
	const { token, expiresAt } = await tokens.issueWithExpiry(user.id, 'email_verification');
	await email.send(
		emails.verification(user.email, link(from, `/compte/verification?jeton=${token}`), expiresAt)
	);
}

/** A new password refused, with the French reason to show under its field. */
export type WeakPassword = { ok: false; reason: 'weak_password'; message: string };

export type RequestResult =
	{ ok: true } | { ok: false; reason: 'rate_limited'; retryAfterSeconds: number };

/**
 * Creates an account and emails a verification link. When the address already has an account,
 * the answer is the same and its owner gets an email instead: sign-up reveals nothing.
 */
export async function signUp(
	input: { email: string; password: string; displayName: string },
	from: Origin
): Promise<RequestResult | WeakPassword> {
	const limit = await rateLimit.hit(`sign-up:ip:${from.ip}`, LIMITS.signUpPerIp);
	if (!limit.allowed)
		return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
	// Before looking the address up: a taken address and a new one get the same answer.
	const weak = passwords.weakness(input.password, [input.email, input.displayName]);
	if (weak) return { ok: false, reason: 'weak_password', message: weak };
	afterResponse('sign-up', () => register(input, from));
	return { ok: true };
}

async function register(
	input: { email: string; password: string; displayName: string },
	from: Origin
): Promise<void> {
	const existing = await users.byEmail(input.email);
	if (existing) return warnExistingOwner(existing, from);
	const user = await users.create({ ...input, via: 'sign-up' });
	if (!user) {
		const winner = await users.byEmail(input.email);
		if (winner) await warnExistingOwner(winner, from);
		return;
	}
	await sendVerification(user, from);
}

async function warnExistingOwner(user: users.User, from: Origin): Promise<void> {
	if (!user.emailVerifiedAt) return sendVerification(user, from);
	if (!(await mailAllowed(user.email))) return;
	await email.send(
		emails.alreadyRegistered(
			user.email,
			link(from, '/compte/connexion'),
			link(from, '/compte/mot-de-passe-oublie')
		)
	);
}

/** Sends a new verification link if the address has an unverified account; same answer otherwise. */
export async function resendVerification(address: string, from: Origin): Promise<RequestResult> {
	const limit = await rateLimit.hit(`sign-up:ip:${from.ip}`, LIMITS.signUpPerIp);
	if (!limit.allowed)
		return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
	afterResponse('resend-verification', async () => {
		const user = await users.byEmail(address);
		if (user && !user.emailVerifiedAt && !user.disabledAt) await sendVerification(user, from);
	});
	return { ok: true };
}

/** Uses a verification link; returns the verified user's id, or null for a bad or used link. */
export async function verifyEmail(token: string): Promise<string | null> {
	const userId = await tokens.consume(token, 'email_verification');
	if (!userId) return null;
	if (await users.markVerified(userId)) await audit.record('user.email_verified', userId);
	return userId;
}

/** Emails a reset link if the address has an account; the answer is the same either way. */
export async function requestPasswordReset(address: string, from: Origin): Promise<RequestResult> {
	const limit = await rateLimit.hit(`reset:ip:${from.ip}`, LIMITS.resetPerIp);
	if (!limit.allowed)
		return { ok: false, reason: 'rate_limited', retryAfterSeconds: limit.retryAfterSeconds };
	afterResponse('password-reset', () => sendReset(address, from));
	return { ok: true };
}

/** The work of a reset request, done after the answer (exported for the timing benchmark). */
export async function sendReset(address: string, from: Origin): Promise<void> {
	const user = await users.byEmail(address);
	if (!user || user.disabledAt || !(await mailAllowed(user.email))) return;
	const { token, expiresAt } = await tokens.issueWithExpiry(user.id, 'password_reset');
	await audit.record('user.password_reset_requested', user.id, {
		actorId: null,
		details: { ip: from.ip }
	});
	await email.send(
		emails.passwordReset(
			user.email,
			link(from, `/compte/nouveau-mot-de-passe?jeton=${token}`),
			expiresAt
		)
	);
}

/**
 * Sets a new password from a reset link, once. Every session of the account ends (whoever
 * stole the old password is signed out) and the address counts as verified (the link proved it).
 * A password too easy to guess is refused without using the link up.
 */
export async function resetPassword(
	token: string,
	password: string,
	from: Origin
): Promise<{ ok: true } | { ok: false; reason: 'expired' } | WeakPassword> {
	const expired = { ok: false, reason: 'expired' } as const;
	const holder = await tokens.holder(token, 'password_reset');
	const owner = holder ? await users.byId(holder) : null;
	if (!owner || owner.disabledAt) return expired;
	const weak = passwords.weakness(password, [owner.email, owner.displayName]);
	if (weak) return { ok: false, reason: 'weak_password', message: weak };
	const userId = await tokens.consume(token, 'password_reset');
	if (userId !== owner.id) return expired;
	await users.setPassword(userId, password);
	await users.markVerified(userId);
	await sessions.invalidateAll(userId);
	await audit.record('user.password_reset', userId, { details: { ip: from.ip } });
	await email.send(emails.passwordChanged(owner.email, link(from, '/compte/mot-de-passe-oublie')));
	return { ok: true };
}

export async function signOut(sessionId: string): Promise<void> {
	await sessions.invalidate(sessionId);
}
