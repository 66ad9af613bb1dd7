/** Small helpers shared by the benchmarks: repeated timing and percentiles. */

export interface Timing {
	p50: number;
	p95: number;
	runs: number;
}

export function percentile(sorted: number[], p: number): number {
	if (!sorted.length) return NaN;
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
	return sorted[Math.max(0, index)]!;
}

/** Runs `task` `warmup` times untimed, then `runs` times, and returns p50/p95 in ms. */
export async function measure(
	task: () => Promise<unknown>,
	runs = 50,
	warmup = 5
): Promise<Timing> {
	for (let i = 0; i < warmup; i++) await task();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const start = performance.now();
		await task();
		times.push(performance.now() - start);
	}
	times.sort((a, b) => a - b);
	return { p50: percentile(times, 50), p95: percentile(times, 95), runs };
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
export const ratio = (value: number, baseline: number) => `×${(value / baseline).toFixed(2)}`;
