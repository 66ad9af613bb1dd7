import { hit, waitInFrench, type Limit } from '../rate-limit';

/**
 * Generous for a delegate preparing visits, tight enough that a stolen session cannot pull
 * the directory's personal data in a loop. Counted per user in PostgreSQL (shared by every
 * app server).
 */
export const LIMITS = {
	list: { max: 120, windowSeconds: 3600 },
	export: { max: 30, windowSeconds: 3600 }
} satisfies Record<string, Limit>;

export type LimitedAction = keyof typeof LIMITS;

/** null when allowed, otherwise a French message saying how long to wait. */
export async function checkLimit(
	userId: string,
	action: LimitedAction
): Promise<null | { message: string; retryAfterSeconds: number }> {
	const verdict = await hit(`contacts:${action}:${userId}`, LIMITS[action]);
	if (verdict.allowed) return null;
	const what = action === 'export' ? 'd’exports' : 'de consultations';
	return {
		message: `Trop ${what} de contacts en peu de temps : réessayez dans ${waitInFrench(verdict.retryAfterSeconds)}.`,
		retryAfterSeconds: verdict.retryAfterSeconds
	};
}
