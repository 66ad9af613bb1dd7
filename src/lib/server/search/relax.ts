import type { EngineResult } from './types';
import type { UnderstoodGroup } from './understand';

/** What each engine offers the relaxation: run a set of groups, count each group alone. */
export interface Searcher {
	run(groups: UnderstoodGroup[]): Promise<EngineResult>;
	/** How many structures each group matches on its own (within the filters), in one go. */
	frequencies(groups: UnderstoodGroup[]): Promise<number[]>;
}

/**
 * At most this many searches after the first when nothing matches every word: a query of
 * many words costs a bounded amount of work (one count of each word, then the rounds).
 */
export const MAX_RELAXATION_ROUNDS = 3;

export interface Relaxed {
	result: EngineResult;
	/** The groups left out, in query order. */
	ignored: UnderstoodGroup[];
}

/**
 * When no structure holds every group, drops the least informative ones first: first every
 * word that matches nothing on its own (all at once), then the text word matching the most
 * structures (it narrows least), one per round; a recognised place or category is dropped only
 * when nothing matches with it. Both engines follow this same order, so they ignore the same
 * words and their totals stay comparable.
 */
export async function relax(searcher: Searcher, groups: UnderstoodGroup[]): Promise<Relaxed> {
	const first = await searcher.run(groups);
	if (first.total > 0 || groups.length < 2) return { result: first, ignored: [] };
	const counts = await searcher.frequencies(groups);
	const frequency = new Map(groups.map((g, i) => [g, counts[i] ?? 0]));
	const kept = new Set(groups.filter((g) => frequency.get(g)! > 0));
	const droppable = () =>
		[...kept]
			.filter((g) => g.role === 'text')
			.sort((a, b) => frequency.get(b)! - frequency.get(a)!);
	let result = first;
	for (let round = 0; round < MAX_RELAXATION_ROUNDS && kept.size > 0; round++) {
		if (round > 0 || kept.size === groups.length) {
			// Text words first; a place or category last, the place before the categories.
			const next =
				droppable()[0] ??
				[...kept].find((g) => g.role === 'place') ??
				[...kept].sort((a, b) => frequency.get(b)! - frequency.get(a)!)[0]!;
			if (kept.size === 1) break;
			kept.delete(next);
		}
		result = await searcher.run(groups.filter((g) => kept.has(g)));
		if (result.total > 0) break;
	}
	if (result.total === 0) return { result: first, ignored: [] };
	return { result, ignored: groups.filter((g) => !kept.has(g)) };
}
