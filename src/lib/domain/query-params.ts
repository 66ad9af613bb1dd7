/**
 * Reading query parameters: a list (repeated or comma-separated) or a single value, each
 * checked by a zod schema whose first issue message (in French) names the parameter.
 */
import { z } from 'zod';

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

export function check<T>(schema: z.ZodType<T>, input: unknown, parameter: string): ParsedParams<T> {
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
				message: `Paramètre inconnu « ${name.slice(0, 40)} » : il n’est pas pris en compte. ${accepted.length ? `Paramètres acceptés : ${accepted.join(', ')}.` : 'Ce point d’accès n’accepte aucun paramètre.'}`
			};
	return { ok: true, value: true };
}

/** What a query schema's field reads: a list (an array schema) or one value, required or not. */
function fieldOf(schema: z.ZodType): { list: boolean; required: boolean; inner: z.ZodType } {
	let inner = schema;
	let required = true;
	while (inner instanceof z.ZodOptional) {
		required = false;
		inner = inner.unwrap() as z.ZodType;
	}
	if (inner instanceof z.ZodArray)
		return { list: true, required, inner: inner.element as z.ZodType };
	return { list: false, required, inner };
}

/** The value of each parameter of a query schema; a list parameter absent is an empty list. */
export type QueryValues<S extends z.ZodObject> = {
	[K in keyof S['shape']]: S['shape'][K] extends z.ZodOptional<z.ZodArray<infer E>>
		? z.output<E>[]
		: z.output<S['shape'][K]>;
};

/**
 * Reads a query with a zod object whose fields are the parameters (the same object documents
 * them in the API's OpenAPI document). An array field is a list parameter (repeated or
 * comma-separated), any other a single value; blank values count as absent; a required field
 * absent gets its schema's own message. With `unknown: 'refuse'` (the API), a parameter that is
 * not a field is refused; pages pass `'ignore'`, their URLs carry their own parameters.
 */
export function parseQuery<S extends z.ZodObject>(
	params: URLSearchParams,
	schema: S,
	{ unknown = 'refuse' }: { unknown?: 'refuse' | 'ignore' } = {}
): ParsedParams<QueryValues<S>> {
	const shape = schema.shape as Record<string, z.ZodType>;
	if (unknown === 'refuse') {
		const known = rejectUnknownParameters(params, Object.keys(shape));
		if (!known.ok) return known;
	}
	const values: Record<string, unknown> = {};
	for (const [name, field] of Object.entries(shape)) {
		const { list, required, inner } = fieldOf(field);
		const read = list ? checkList(params, name, inner) : checkSingle(params, name, inner);
		if (!read.ok) return read;
		if (required && (read.value === undefined || (list && !(read.value as unknown[]).length))) {
			const missing = check(inner, undefined, name);
			return missing.ok
				? { ok: false, parameter: name, message: `Paramètre « ${name} » manquant.` }
				: missing;
		}
		values[name] = read.value;
	}
	return { ok: true, value: values as QueryValues<S> };
}

/** The query of an endpoint that reads no parameter: any parameter is refused. */
export const noParameters = z.object({});
