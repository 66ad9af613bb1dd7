import type { FormValues } from '$lib/domain/revisions';

/** The text of a field in a form's values (the first one when repeated). */
export function one(values: FormValues, name: string): string {
	const value = values[name];
	return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** Every value of a repeated field (checkboxes). */
export function all(values: FormValues, name: string): string[] {
	const value = values[name];
	return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
