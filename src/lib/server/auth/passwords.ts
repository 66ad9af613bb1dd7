import { hash as argon2Hash, verify as argon2Verify } from '@node-rs/argon2';
import { strengthProblem } from './password-strength';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/**
 * Argon2id (the library's default algorithm) with OWASP's minimum: 19 MiB, 2 passes, 1 lane.
 * The PHC string records the parameters, so raising them later keeps old hashes verifiable.
 */
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 };

export function hash(password: string): Promise<string> {
	return argon2Hash(password, ARGON2_OPTIONS);
}

export async function verify(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await argon2Verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of a real verification when there is no account to check, so that an
 * unknown email and a wrong password cannot be told apart by the response time.
 */
export async function verifyNothing(password: string): Promise<false> {
	dummyHash ??= hash('cartonum-dummy-password-for-timing');
	await verify(await dummyHash, password);
	return false;
}

/** Why a new password's length is refused, in French, or null (cheap: checked on every form). */
export function lengthProblem(password: string): string | null {
	if ([...password].length < MIN_PASSWORD_LENGTH)
		return `Le mot de passe doit compter au moins ${MIN_PASSWORD_LENGTH} caractères.`;
	if ([...password].length > MAX_PASSWORD_LENGTH)
		return `Le mot de passe ne peut dépasser ${MAX_PASSWORD_LENGTH} caractères.`;
	return null;
}

/**
 * Why a new password is refused, in French, or null when it is acceptable: 12 to 256
 * characters, no composition rule, and hard to guess (zxcvbn with French and common
 * dictionaries, fed with the person's own address and name, `personal`).
 */
export function weakness(
	password: string,
	personal: readonly (string | undefined | null)[] = []
): string | null {
	const length = lengthProblem(password);
	if (length) return length;
	const typed = password.trim().toLowerCase();
	if (personal.some((p) => p?.includes('@') && p.trim().toLowerCase() === typed))
		return 'Le mot de passe ne doit pas être votre adresse électronique.';
	return strengthProblem(password, personal);
}
