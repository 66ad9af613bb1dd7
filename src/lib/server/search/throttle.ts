import { hit, waitInFrench, type Limit } from '../rate-limit';

/**
 * Anonymous searches per client address (the search box asks at each pause in typing, so the
 * limit is generous for a person and low for a script). Signed-in users are not counted here:
 * their sessions are rate-limited at sign-in.
 */
export const ANONYMOUS_SEARCH_LIMIT: Limit = { max: 240, windowSeconds: 60 };

/** Null when the search may run; otherwise the French message and the wait, for a 429. */
export async function throttleSearch(
	client: string,
	signedIn: boolean
): Promise<{ message: string; retryAfterSeconds: number } | null> {
	if (signedIn) return null;
	const verdict = await hit(`search:ip:${client}`, ANONYMOUS_SEARCH_LIMIT);
	if (verdict.allowed) return null;
	return {
		message: `Trop de recherches depuis votre adresse : réessayez dans ${waitInFrench(verdict.retryAfterSeconds)}.`,
		retryAfterSeconds: verdict.retryAfterSeconds
	};
}
