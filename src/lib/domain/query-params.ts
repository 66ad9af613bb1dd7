/**
 * Reading query parameters: a list (repeated or comma-separated) or a single value, each
 * checked by a zod schema whose first issue message (in French) names the parameter.
 */
import type { z } from 'zod';

/** A failure names the parameter, so the API can answer `{ error: { message, parameter } }`. */
export type ParsedParams<T> =
	{ ok: true; value: T } | { ok: false; message: string; parameter: string };

/** Values of a parameter, repeated or comma-separated, blanks dropped (empty form fields). */
function listValues(params: URLSearchParams, name: string): string[] {
	return params
		.getAll(name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter(Boolean);
}

/** The single value of a parameter; blank counts as absent; a repeat is an error. */
function singleValue(params: URLSearchParams, name: string): string | undefined | typeof REPEATED {
	const values = params
		.getAll(name)
		.map((v) => v.trim())
		.filter(Boolean);
	if (values.length > 1) return REPEATED;
	return values[0];
}
const REPEATED = Symbol('repeated');

export function check<T>(schema: z.ZodType<T>, input: string, parameter: string): ParsedParams<T> {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, value: result.data };
	return { ok: false, parameter, message: result.error.issues[0]?.message ?? parameter };
}

export function checkSingle<T>(
	params: URLSearchParams,
	parameter: string,
	schema: z.ZodType<T>
): ParsedParams<T | undefined> {
	const raw = singleValue(params, parameter);
	if (raw === REPEATED)
		return {
			ok: false,
			parameter,
			message: `Paramètre « ${parameter} » répété : une seule valeur est acceptée.`
		};
	if (raw === undefined) return { ok: true, value: undefined };
	return check(schema, raw, parameter);
}

export function checkList<T>(
	params: URLSearchParams,
	parameter: string,
	schema: z.ZodType<T>
): ParsedParams<T[]> {
	const values: T[] = [];
	for (const raw of listValues(params, parameter)) {
		const one = check(schema, raw, parameter);
		if (!one.ok) return one;
		if (!values.includes(one.value)) values.push(one.value);
	}
	return { ok: true, value: values };
}

/**
 * The API refuses a parameter it does not read, so that nobody believes a filter applied
 * (`secteur=prive` instead of `sector=private`). The UI's pages ignore extra parameters.
 */
export function rejectUnknownParameters(
	params: URLSearchParams,
	accepted: readonly string[]
): ParsedParams<true> {
	for (const name of params.keys())
		if (!accepted.includes(name))
			return {
				ok: false,
				parameter: name,
				message: `Paramètre inconnu « ${name.slice(0, 40)} » : il n’est pas pris en compte. Paramètres acceptés : ${accepted.join(', ')}.`
			};
	return { ok: true, value: true };
}
