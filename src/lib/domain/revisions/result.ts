import type { z } from 'zod';

/** French messages keyed by the field that shows them (`form` when no field does). */
export type FieldErrors = Record<string, string>;

/**
 * The outcome of every check of a revision's input — a field, a form step, a whole payload, a
 * position: the value, or French messages keyed by field.
 */
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Validates with `schema`; the first French message of each faulty field, keyed by the first
 * `depth` segments of its path (`website`; `identifiers.uai` for a whole payload).
 */
export function validate<T extends z.ZodType>(
	schema: T,
	input: unknown,
	depth = 1
): Result<z.output<T>> {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, value: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const key = issue.path.length ? issue.path.slice(0, depth).map(String).join('.') : 'form';
		errors[key] ??= issue.message;
	}
	return { ok: false, errors };
}
