import type { FieldErrors, Result } from './result';
import { validate } from './result';
import {
	contactSchema,
	contactsSchema,
	identifiersSchema,
	identitySchema,
	locationSchema,
	programmesSchema,
	type Contact,
	type DraftPayload,
	type ProgrammeChoice
} from './schemas';
import { LIMITS } from './fields';
import type { StepKey } from './steps';

/**
 * The forms of the steps, both ways: FormData → values their schema checks (with errors keyed
 * by the field that shows them), and a stored step → the values that refill its form.
 */

const text = (form: FormData, name: string) => {
	const value = form.get(name);
	return typeof value === 'string' ? value : '';
};

/** Rows of repeated fields named `contact-<i>-<field>`: at most this many are read. */
const MAX_CONTACT_ROWS = 20;

/** The values of a step's form, shaped as its schema expects. */
export function readStep(key: StepKey, form: FormData): unknown {
	switch (key) {
		case 'identity':
			return {
				name: text(form, 'name'),
				categories: [
					text(form, 'category'),
					...form
						.getAll('otherCategories')
						.filter((v): v is string => typeof v === 'string' && v !== text(form, 'category'))
				],
				description: text(form, 'description'),
				website: text(form, 'website'),
				email: text(form, 'email'),
				phone: text(form, 'phone')
			};
		case 'identifiers':
			return { uai: text(form, 'uai'), siret: text(form, 'siret') };
		case 'location':
			return {
				street: text(form, 'street'),
				postcode: text(form, 'postcode'),
				commune: text(form, 'commune'),
				lon: text(form, 'lon'),
				lat: text(form, 'lat')
			};
		case 'programmes': {
			// A role chosen in a programme's list means the structure contributes to it; a
			// programme ticked without a role is reported.
			const roles = new Map<string, string>();
			for (const [name, value] of form) {
				const number = /^role-(\d{1,3})$/.exec(name)?.[1];
				if (number && typeof value === 'string' && value) roles.set(number, value);
			}
			for (const value of form.getAll('programme'))
				if (typeof value === 'string' && !roles.has(value)) roles.set(value, '');
			return [...roles]
				.slice(0, 100)
				.map(([number, role]) => ({ number, role }))
				.sort((a, b) => Number(a.number) - Number(b.number));
		}
		case 'contacts': {
			const list = [];
			for (let i = 0; i < MAX_CONTACT_ROWS; i++) {
				const row = {
					id: text(form, `contact-${i}-id`),
					name: text(form, `contact-${i}-name`),
					role: text(form, `contact-${i}-role`),
					email: text(form, `contact-${i}-email`),
					phone: text(form, `contact-${i}-phone`),
					visibility: text(form, `contact-${i}-visibility`) || 'staff'
				};
				// A row left blank (the spare one of the form), or ticked for removal, is not a contact.
				if (form.get(`contact-${i}-remove`) === 'on') continue;
				if (row.name.trim() || row.email.trim() || row.phone.trim() || row.role.trim())
					list.push({ ...row, index: i });
			}
			return { list, consent: form.get('consent') === 'on' };
		}
	}
}

/** The schema of each step's form. */
export const STEP_SCHEMAS = {
	identity: identitySchema,
	identifiers: identifiersSchema,
	location: locationSchema,
	programmes: programmesSchema,
	contacts: contactsSchema
} as const;

/**
 * Validates a step's form, with errors keyed by the name of the field that shows them:
 * `role-<programme>` for a programme's role, `contacts.<row>.<field>` for a contact (rows keep
 * the index they had in the form, whatever rows were left blank).
 */
export function parseStep(key: StepKey, form: FormData): Result<unknown> {
	const raw = readStep(key, form);
	if (key === 'programmes') return parseProgrammes(raw as { number: string; role: string }[]);
	if (key !== 'contacts') return validate(STEP_SCHEMAS[key], raw);
	const { list, consent } = raw as { list: ({ index: number } & object)[]; consent: boolean };
	const errors: FieldErrors = {};
	const contacts: Contact[] = [];
	for (const row of list) {
		const parsed = validate(contactSchema, row);
		if (parsed.ok) contacts.push(parsed.value);
		else
			for (const [field, message] of Object.entries(parsed.errors))
				errors[`contacts.${row.index}.${field}`] = message;
	}
	if (list.length > LIMITS.contacts) errors.contacts = `Au plus ${LIMITS.contacts} contacts.`;
	const whole = validate(contactsSchema, { list: contacts, consent });
	if (!whole.ok)
		for (const [field, message] of Object.entries(whole.errors)) errors[field] ??= message;
	return Object.keys(errors).length ? { ok: false, errors } : whole;
}

function parseProgrammes(rows: { number: string; role: string }[]): Result<ProgrammeChoice[]> {
	const parsed = programmesSchema.safeParse(rows);
	if (parsed.success) return { ok: true, value: parsed.data };
	const errors: FieldErrors = {};
	for (const issue of parsed.error.issues) {
		const row = typeof issue.path[0] === 'number' ? rows[issue.path[0]] : undefined;
		const key = row && issue.path[1] === 'role' ? `role-${row.number}` : 'programmes';
		errors[key] ??= issue.message;
	}
	return { ok: false, errors };
}

/** Values of a form, by field name, as the step pages render them. */
export type FormValues = Record<string, string | string[]>;

/** A stored step as the values of its form (the inverse of `readStep`). */
export function toFormValues(key: StepKey, payload: DraftPayload): FormValues {
	const s = (value: string | number | null | undefined) =>
		value === null || value === undefined ? '' : String(value);
	switch (key) {
		case 'identity': {
			const v = payload.identity;
			if (!v) return {};
			return {
				name: v.name,
				category: v.categories[0] ?? '',
				otherCategories: v.categories.slice(1),
				description: v.description,
				website: s(v.website),
				email: s(v.email),
				phone: s(v.phone)
			};
		}
		case 'identifiers':
			return { uai: s(payload.identifiers?.uai), siret: s(payload.identifiers?.siret) };
		case 'location': {
			const v = payload.location;
			if (!v) return {};
			return {
				street: s(v.street),
				postcode: s(v.postcode),
				commune: v.communeName,
				lon: s(v.lon),
				lat: s(v.lat)
			};
		}
		case 'programmes': {
			const values: FormValues = {};
			for (const p of payload.programmes ?? []) values[`role-${p.number}`] = p.role;
			return values;
		}
		case 'contacts': {
			const values: FormValues = {};
			(payload.contacts?.list ?? []).forEach((c, i) => {
				values[`contact-${i}-id`] = s(c.id);
				values[`contact-${i}-name`] = c.name;
				values[`contact-${i}-role`] = c.role;
				values[`contact-${i}-email`] = s(c.email);
				values[`contact-${i}-phone`] = s(c.phone);
				values[`contact-${i}-visibility`] = c.visibility;
			});
			if (payload.contacts?.consent) values.consent = 'on';
			return values;
		}
	}
}
