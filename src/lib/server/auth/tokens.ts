import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';

/** 20 random bytes = 160 bits, above the 128 bits a guessable-by-nobody secret needs. */
export const TOKEN_BYTES = 20;

/** A random string of 160 bits in lower-case base32 (32 characters, URL- and cookie-safe). */
export function randomToken(bytes = TOKEN_BYTES): string {
	return encodeBase32LowerCaseNoPadding(new Uint8Array(randomBytes(bytes)));
}

export function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

/** Compares a presented secret with a stored hash without leaking, by timing, how much matched. */
export function secretMatches(secret: string, storedHash: Uint8Array): boolean {
	return constantTimeEqual(hashSecret(secret), storedHash);
}
