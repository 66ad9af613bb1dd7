import type { Json } from './types';

/**
 * How an import updates a structure without erasing what people changed.
 *
 * Every imported field is compared under a flat path ("name", "location", "attributes.secteur").
 * `structures.source_values` keeps, per dataset, the values that dataset last wrote. A field
 * whose current value is still one a dataset imported is "owned" by that dataset; any other
 * value was set by a partner or a moderator and is never overwritten.
 *
 * For an incoming value v from dataset D, current value c:
 * - c equals v: nothing to do;
 * - c is what a dataset of higher priority last imported: kept (e.g. the official
 *   Annuaire de l'éducation wins over a partial extract, in whichever order they run);
 * - c is empty: filled with v;
 * - c is what D itself last imported: the source changed, v replaces it (even when v is empty);
 * - v is empty: kept (a dataset never erases a value it did not write);
 * - c is what a dataset of lower priority last imported: v replaces it;
 * - otherwise c is a local edit: kept.
 * The decisions only depend on values, so a second run with the same data changes nothing.
 */

export type Values = Record<string, Json>;

export interface SourceLayer {
	dataset: string;
	priority: number;
	values: Values;
}

export interface MergeResult {
	/** Paths whose value changes, with their new value (null = remove). */
	changes: Values;
	/** Paths kept because a person (not an import) changed them. */
	keptLocal: string[];
}

export function mergeValues(
	current: Values,
	incoming: Values,
	own: { dataset: string; priority: number },
	layers: SourceLayer[]
): MergeResult {
	const mine = layers.find((l) => l.dataset === own.dataset)?.values;
	const others = layers.filter((l) => l.dataset !== own.dataset);
	const paths = new Set([...Object.keys(incoming), ...Object.keys(mine ?? {})]);
	const changes: Values = {};
	const keptLocal: string[] = [];
	for (const path of paths) {
		const c = current[path] ?? null;
		const v = incoming[path] ?? null;
		if (same(c, v)) continue;
		const ownedBy = (layer: SourceLayer) => !isEmpty(c) && same(c, layer.values[path] ?? null);
		if (others.some((l) => l.priority > own.priority && ownedBy(l))) continue;
		if (isEmpty(c) || (mine && path in mine && same(c, mine[path] ?? null))) {
			changes[path] = v;
			continue;
		}
		if (isEmpty(v)) continue;
		if (others.some((l) => l.priority < own.priority && ownedBy(l))) {
			changes[path] = v;
			continue;
		}
		if (!others.some(ownedBy)) keptLocal.push(path);
	}
	return { changes, keptLocal };
}

export function isEmpty(value: Json | undefined): boolean {
	return (
		value === null ||
		value === undefined ||
		value === '' ||
		(Array.isArray(value) && value.length === 0)
	);
}

export function same(a: Json | undefined, b: Json | undefined): boolean {
	const [x, y] = [a ?? null, b ?? null];
	// Scalars compare as they are (most fields): no JSON text per comparison.
	if (x === null || typeof x !== 'object' || y === null || typeof y !== 'object')
		return (
			x === y || (typeof x === 'number' && typeof y === 'number' && canonical(x) === canonical(y))
		);
	return canonical(x) === canonical(y);
}

/** JSON with sorted keys, so that jsonb's own key order does not make values differ. */
export function canonical(value: Json): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object')
		return `{${Object.keys(value)
			.sort()
			.map((k) => `${JSON.stringify(k)}:${canonical(value[k] ?? null)}`)
			.join(',')}}`;
	return JSON.stringify(value);
}
