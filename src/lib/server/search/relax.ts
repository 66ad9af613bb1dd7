import type { EngineResult } from './types';
import type { UnderstoodGroup } from './understand';

/** What each engine offers the relaxation. */
export interface Searcher {
	run(groups: UnderstoodGroup[]): Promise<EngineResult>;
	/** How many structures match each set of groups (within the filters), in one round trip. */
	counts(sets: UnderstoodGroup[][]): Promise<number[]>;
}

/**
 * At most this many rounds of counting after the first search when nothing matches every
 * word: a query of many words costs a bounded amount of work.
 */
export const MAX_RELAXATION_ROUNDS = 3;

export interface Relaxed {
	result: EngineResult;
	/** The groups left out, in query order. */
	ignored: UnderstoodGroup[];
}

/**
 * When no structure holds every group, leaves out the least informative ones, the same way
 * on both engines (so they ignore the same words and report comparable totals):
 *
 * 1. every group that matches nothing on its own (a word that exists nowhere);
 * 2. then, per round, the group whose absence brings results back, keeping the fewest (the
 *    narrowest reading of the query); if no single group does, the one that matches the most
 *    structures on its own (it narrows least) and another round.
 *
 * Text words go first; a recognised place, then a category, only when no result exists with
 * it.
 */
export async function relax(searcher: Searcher, groups: UnderstoodGroup[]): Promise<Relaxed> {
	const first = await searcher.run(groups);
	if (first.total > 0 || groups.length < 2) return { result: first, ignored: [] };
	const alone = await searcher.counts(groups.map((g) => [g]));
	const frequency = new Map(groups.map((g, i) => [g, alone[i] ?? 0]));
	let kept = groups.filter((g) => frequency.get(g)! > 0);
	for (let round = 0; round < MAX_RELAXATION_ROUNDS && kept.length > 0; round++) {
		const candidates = droppable(kept);
		const without = candidates.map((g) => kept.filter((k) => k !== g));
		const [all, ...counts] = await searcher.counts([kept, ...without]);
		if (all! > 0) break;
		if (kept.length === 1) {
			kept = [];
			break;
		}
		const freeing = candidates
			.map((g, i) => ({ g, n: counts[i]! }))
			.filter(({ n }) => n > 0)
			.sort((a, b) => a.n - b.n || groups.indexOf(b.g) - groups.indexOf(a.g));
		const drop =
			freeing[0]?.g ?? [...candidates].sort((a, b) => frequency.get(b)! - frequency.get(a)!)[0]!;
		kept = kept.filter((g) => g !== drop);
		if (freeing.length) break;
	}
	if (!kept.length) return { result: first, ignored: [] };
	const result = await searcher.run(kept);
	if (result.total === 0) return { result: first, ignored: [] };
	return { result, ignored: groups.filter((g) => !kept.includes(g)) };
}

/** Text words first; then the place; then the categories. */
function droppable(kept: UnderstoodGroup[]): UnderstoodGroup[] {
	const text = kept.filter((g) => g.role === 'text');
	if (text.length) return text;
	const place = kept.filter((g) => g.role === 'place');
	return place.length ? place : kept;
}
