/** The seeded random source of the synthetic set: the same seed builds the same set. */
import { seededRandom } from '../seeded-random';

let next: () => number = seededRandom(27);

/** Seeds the generator; call once, before anything is drawn. */
export function seed(value: number) {
	next = seededRandom(value);
}

export const random = (): number => next();
export const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
