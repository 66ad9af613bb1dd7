/**
 * How fresh a fiche is: pure rules shared by the structure page, the API and the dashboard.
 * A fiche is « à vérifier » when its facts were last confirmed more than `months` ago.
 */

export const CONFIRMATION_KINDS = ['manager', 'moderator', 'import'] as const;
export type ConfirmationKind = (typeof CONFIRMATION_KINDS)[number];

/** Who confirmed, as the public sees it (a kind of actor, never a person). */
export const CONFIRMATION_LABELS: Record<ConfirmationKind, string> = {
	manager: 'par son gestionnaire',
	moderator: 'par un modérateur',
	import: 'par sa source officielle'
};

/** The instant before which a confirmation is too old. */
export function staleBefore(now: Date, months: number): Date {
	const limit = new Date(now);
	limit.setUTCMonth(limit.getUTCMonth() - months);
	return limit;
}

export function isStale(confirmedAt: Date | string, now: Date, months: number): boolean {
	return new Date(confirmedAt).getTime() < staleBefore(now, months).getTime();
}

/** The values of the `freshness` filter of the list, the map and the API. */
export const FRESHNESS_FILTERS = ['stale'] as const;
export type FreshnessFilter = (typeof FRESHNESS_FILTERS)[number];
