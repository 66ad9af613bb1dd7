/** The seeded random source of the synthetic set: the same seed builds the same set. */

let next: () => number = generator(27);

/** Seeds the generator; call once, before anything is drawn. */
export function seed(value: number) {
	next = generator(value);
}

export const random = (): number => next();
export const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

/** mulberry32: a small seeded generator, so that every run builds the same set. */
function generator(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
