/**
 * The one clamp for a requested number of results: a whole number from 1 to `max`, and
 * `fallback` when none (or no finite number) was asked for.
 */
export function clampLimit(
	value: number | undefined,
	{ max, fallback = max }: { max: number; fallback?: number }
): number {
	if (value === undefined || !Number.isFinite(value)) return Math.min(fallback, max);
	return Math.min(max, Math.max(1, Math.trunc(value)));
}
