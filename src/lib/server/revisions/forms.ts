import { randomUUID } from 'node:crypto';
import { fail, type ActionFailure } from '@sveltejs/kit';
import { cleanText, LIMITS, type FormValues, type Result } from '../../domain/revisions';
import type { Approval } from './apply';
import { RevisionError } from './errors';

/**
 * Helpers for the form actions of the partner space and the moderation pages: one reading of
 * the revision, French failures, and what may be sent back to refill a form.
 */

/** What a refused form gets back: a message, errors per field, its values to refill. */
export interface FormFailure {
	message?: string;
	errors?: Record<string, string>;
	values?: FormValues;
}

export function invalid(status: number, data: FormFailure): ActionFailure<FormFailure> {
	return fail(status, data);
}

/** The key of a form that creates a revision (see migration 007): new for each form shown. */
export const newFormKey = () => randomUUID();

/** A revision error as the form's answer; anything else is a bug and goes up. */
export function failure(error: unknown, refill: { values?: FormValues } = {}) {
	if (error instanceof RevisionError)
		return invalid(error.status, {
			...(error.message ? { message: error.message } : {}),
			errors: error.errors,
			...refill
		});
	throw error;
}

/** Most characters a refilled field gets back: enough to fix a text, never a whole upload. */
const REFILL_MAX = 4000;

/**
 * The texts of a form as they may be shown again: control characters removed, capped, never
 * a password. Svelte escapes them when it renders the form.
 */
export function refill(form: FormData): FormValues {
	const values: FormValues = {};
	for (const [name, value] of form) {
		if (typeof value !== 'string' || /password|key/i.test(name) || name.length > 60) continue;
		const safe = cleanText(value).slice(0, REFILL_MAX);
		const previous = values[name];
		if (previous === undefined) values[name] = safe;
		else values[name] = [...(Array.isArray(previous) ? previous : [previous]), safe].slice(0, 50);
	}
	return values;
}

export function text(form: FormData, name: string): string {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
}

/**
 * The value of a checked form text, or a RevisionError (400) with its French messages — all of
 * them, or the first one under `field` when the form shows it there.
 */
export function valueOf<T>(parsed: Result<T>, field?: string): T {
	if (parsed.ok) return parsed.value;
	const errors = field ? { [field]: Object.values(parsed.errors)[0]! } : parsed.errors;
	throw new RevisionError(400, '', errors);
}

/** A moderator's approval form: the version they compared with, and a note for the author. */
export function readApproval(form: FormData): Approval {
	const seen = Number(text(form, 'seenVersion'));
	return {
		seenVersion: Number.isInteger(seen) && seen > 0 ? seen : null,
		note: text(form, 'note').trim().slice(0, LIMITS.message) || null
	};
}
