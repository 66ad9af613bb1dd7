import { z } from 'zod';
import { CATEGORY_CODES, type CategoryCode } from './categories';
import { validateSiret, validateUai } from './identifiers';

/**
 * What a partner submits to put a structure on the map (or to change it), step by step, and
 * the rules each field follows. The same schemas check a form step and the stored payload:
 * parsing their output again gives the same value, so a payload can be checked once more
 * before it is applied. Messages are French, and name the problem and the way out.
 */

export const STEPS = [
	{ slug: 'identite', key: 'identity', title: 'Identité de la structure' },
	{ slug: 'identifiants', key: 'identifiers', title: 'Identifiants officiels' },
	{ slug: 'adresse', key: 'location', title: 'Adresse et position' },
	{ slug: 'programmes', key: 'programmes', title: 'Programmes de la feuille de route' },
	{ slug: 'contacts', key: 'contacts', title: 'Contacts' }
] as const;

export type Step = (typeof STEPS)[number];
export type StepSlug = Step['slug'];
export type StepKey = Step['key'];

export function stepBySlug(slug: string): Step | undefined {
	return STEPS.find((s) => s.slug === slug);
}

export const LIMITS = {
	name: 200,
	description: 3000,
	website: 500,
	email: 254,
	phone: 25,
	street: 200,
	commune: 100,
	otherCategories: 3,
	programmes: 30,
	contacts: 10,
	contactName: 120,
	contactRole: 120,
	message: 2000
} as const;

/** Roles a structure may claim in a programme ('feuille-de-route' is set by imports only). */
export const PROGRAMME_ROLES = ['porteur', 'partenaire', 'site-accueil', 'contributeur'] as const;
export type PartnerProgrammeRole = (typeof PROGRAMME_ROLES)[number];
export const PROGRAMME_ROLE_LABELS: Record<PartnerProgrammeRole, string> = {
	porteur: 'Porteur',
	partenaire: 'Partenaire',
	'site-accueil': 'Site d’accueil',
	contributeur: 'Contributeur'
};

export const VISIBILITIES = ['public', 'staff'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/** Categories whose structures have an official identifier the form then requires. */
const SCHOOL_CATEGORIES: readonly CategoryCode[] = ['ecole', 'college', 'lycee'];
const COMPANY_CATEGORIES: readonly CategoryCode[] = ['entreprise'];

// ---------------------------------------------------------------------------------------------
// Text cleaning. PostgreSQL refuses NUL in text and jsonb; other control characters are
// invisible and only ever pasted by accident (or on purpose, to confuse a reader).

const CONTROL =
	// eslint-disable-next-line no-control-regex
	/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of text: no control characters, spaces collapsed, trimmed. */
export function cleanLine(value: string): string {
	return value.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/** Plain text on several lines: Windows line ends made Unix, control characters removed. */
export function cleanText(value: string): string {
	return value
		.replace(/\r\n?/g, '\n')
		.replace(CONTROL, '')
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

const count = new Intl.NumberFormat('fr-FR');

/** A one-line text, empty allowed; `null` when empty. */
function optionalLine(max: number, tooLong: string) {
	return z
		.union([z.string(), z.null(), z.undefined()])
		.transform((v) => cleanLine(v ?? ''))
		.pipe(z.string().max(max, { error: tooLong }))
		.transform((v) => v || null);
}

function requiredLine(min: number, max: number, messages: { missing: string; tooLong: string }) {
	return z
		.string({ error: messages.missing })
		.transform(cleanLine)
		.pipe(z.string().min(min, { error: messages.missing }).max(max, { error: messages.tooLong }));
}

// ---------------------------------------------------------------------------------------------
// Web addresses: only http and https, so that no `javascript:` or `data:` link ever reaches a page.

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

export function normalizeWebsite(input: string): Checked<string | null> {
	const text = cleanLine(input);
	if (!text) return { ok: true, value: null };
	if (text.length > LIMITS.website)
		return {
			ok: false,
			message: `L’adresse du site ne peut dépasser ${count.format(LIMITS.website)} caractères.`
		};
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return {
			ok: false,
			message: 'Cette adresse de site n’est pas valide. Exemple : https://www.exemple.fr'
		};
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		return {
			ok: false,
			message:
				'Seules les adresses de site commençant par http:// ou https:// sont acceptées. Exemple : https://www.exemple.fr'
		};
	if (url.username || url.password || !/\.[a-z0-9-]{2,}$/i.test(url.hostname))
		return {
			ok: false,
			message: 'Cette adresse de site n’est pas valide. Exemple : https://www.exemple.fr'
		};
	if (url.href.length > LIMITS.website)
		return {
			ok: false,
			message: `L’adresse du site ne peut dépasser ${count.format(LIMITS.website)} caractères.`
		};
	return { ok: true, value: url.href };
}

const website = z.union([z.string(), z.null(), z.undefined()]).transform((value, ctx) => {
	const checked = normalizeWebsite(value ?? '');
	if (checked.ok) return checked.value;
	ctx.issues.push({ code: 'custom', message: checked.message, input: value });
	return z.NEVER;
});

const email = (label: string) =>
	z
		.union([z.string(), z.null(), z.undefined()])
		.transform((v) => cleanLine(v ?? '').toLowerCase())
		.pipe(
			z.union([
				z.literal(''),
				z
					.string()
					.max(LIMITS.email, { error: `${label} est trop longue.` })
					.pipe(
						z.email({
							error: `${label} n’est pas valide. Exemple : contact@exemple.fr`
						})
					)
			])
		)
		.transform((v) => v || null);

/** French or international numbers, as people write them: « 03 80 12 34 56 », « +33 3 80… ». */
export function isPhoneNumber(value: string): boolean {
	if (!/^\+?[\d\s.()-]+$/.test(value)) return false;
	const digits = value.replace(/\D/g, '');
	return value.startsWith('+') ? digits.length >= 8 && digits.length <= 15 : digits.length === 10;
}

const phone = z
	.union([z.string(), z.null(), z.undefined()])
	.transform((v) => cleanLine(v ?? ''))
	.check((ctx) => {
		if (ctx.value === '') return;
		if (ctx.value.length > LIMITS.phone || !isPhoneNumber(ctx.value))
			ctx.issues.push({
				code: 'custom',
				message:
					'Ce numéro de téléphone n’est pas valide : 10 chiffres, par exemple 03 80 12 34 56, ou +33 3 80 12 34 56.',
				input: ctx.value
			});
	})
	.transform((v) => v || null);

// ---------------------------------------------------------------------------------------------
// Step 1: identity.

const categoryCode = z.enum(CATEGORY_CODES as [CategoryCode, ...CategoryCode[]], {
	error: 'Choisissez une catégorie dans la liste.'
});

export const identitySchema = z.object({
	name: requiredLine(2, LIMITS.name, {
		missing: 'Indiquez le nom de la structure (au moins 2 caractères).',
		tooLong: `Le nom ne peut dépasser ${LIMITS.name} caractères.`
	}),
	categories: z
		.array(z.string(), { error: 'Choisissez la catégorie principale de la structure.' })
		.transform((codes, ctx) => {
			if (!codes[0]) {
				ctx.issues.push({
					code: 'custom',
					message: 'Choisissez la catégorie principale de la structure.',
					input: codes
				});
				return z.NEVER;
			}
			return [...new Set(codes.filter(Boolean))];
		})
		.pipe(
			z.array(categoryCode).max(1 + LIMITS.otherCategories, {
				error: `Choisissez au plus ${LIMITS.otherCategories} autres catégories.`
			})
		),
	description: z
		.union([z.string(), z.null(), z.undefined()])
		.transform((v) => cleanText(v ?? ''))
		.check((ctx) => {
			if (ctx.value.length > LIMITS.description)
				ctx.issues.push({
					code: 'custom',
					message: `La description ne peut dépasser ${count.format(LIMITS.description)} caractères (elle en compte ${count.format(ctx.value.length)}).`,
					input: ctx.value
				});
		}),
	website,
	email: email('L’adresse électronique'),
	phone
});
export type Identity = z.output<typeof identitySchema>;

// ---------------------------------------------------------------------------------------------
// Step 2: official identifiers.

function identifier(validate: (input: string) => Checked<string>) {
	return z.union([z.string(), z.null(), z.undefined()]).transform((value, ctx) => {
		const text = cleanLine(value ?? '');
		if (!text) return null;
		if (text.length > 40) {
			ctx.issues.push({ code: 'custom', message: 'Cet identifiant est trop long.', input: text });
			return z.NEVER;
		}
		const checked = validate(text);
		if (checked.ok) return checked.value;
		ctx.issues.push({ code: 'custom', message: checked.message, input: text });
		return z.NEVER;
	});
}

export const identifiersSchema = z.object({
	uai: identifier(validateUai),
	siret: identifier(validateSiret)
});
export type Identifiers = z.output<typeof identifiersSchema>;

// ---------------------------------------------------------------------------------------------
// Step 3: address and position. The commune is not taken from the form: the server derives it
// from the point (point in polygon), and geocodes the address when no point is given.

const COORDINATES_MESSAGE =
	'La position du repère n’est pas valide : déplacez-le sur la carte, ou effacez-la pour placer l’adresse automatiquement.';

const coordinate = (min: number, max: number) =>
	z.union([z.string(), z.number(), z.null(), z.undefined()]).transform((value, ctx) => {
		if (value === null || value === undefined) return null;
		const text = typeof value === 'number' ? String(value) : cleanLine(value);
		if (text === '') return null;
		const number = /^[+-]?\d{1,3}(\.\d{1,12})?$/.test(text) ? Number(text) : NaN;
		if (!Number.isFinite(number) || number < min || number > max) {
			ctx.issues.push({ code: 'custom', message: COORDINATES_MESSAGE, input: value });
			return z.NEVER;
		}
		return number;
	});

export const locationSchema = z
	.object({
		street: optionalLine(LIMITS.street, `L’adresse ne peut dépasser ${LIMITS.street} caractères.`),
		postcode: z
			.union([z.string(), z.null(), z.undefined()])
			.transform((v) => cleanLine(v ?? '').replace(/\s/g, ''))
			.check((ctx) => {
				if (ctx.value && !/^\d{5}$/.test(ctx.value))
					ctx.issues.push({
						code: 'custom',
						message: 'Le code postal comporte 5 chiffres, par exemple 21000.',
						input: ctx.value
					});
			})
			.transform((v) => v || null),
		commune: optionalLine(
			LIMITS.commune,
			`Le nom de la commune ne peut dépasser ${LIMITS.commune} caractères.`
		),
		lon: coordinate(-180, 180),
		lat: coordinate(-90, 90)
	})
	.check((ctx) => {
		const v = ctx.value;
		if ((v.lon === null) !== (v.lat === null))
			ctx.issues.push({ code: 'custom', path: ['lon'], message: COORDINATES_MESSAGE, input: v });
		else if (v.lon === null && !v.street && !v.postcode && !v.commune)
			ctx.issues.push({
				code: 'custom',
				path: ['street'],
				message: 'Saisissez l’adresse de la structure, ou au moins sa commune.',
				input: v
			});
	});
export type LocationInput = z.output<typeof locationSchema>;

/** The stored position: a point of the region and the commune that contains it. */
export const placedLocationSchema = z.object({
	street: z.string().max(LIMITS.street).nullable(),
	postcode: z
		.string()
		.regex(/^\d{5}$/)
		.nullable(),
	lon: z.number().min(-180).max(180),
	lat: z.number().min(-90).max(90),
	communeCode: z.string().regex(/^(\d{5}|2A\d{3}|2B\d{3})$/),
	communeName: z.string().max(LIMITS.commune)
});
export type PlacedLocation = z.output<typeof placedLocationSchema>;

// ---------------------------------------------------------------------------------------------
// Step 4: programmes and roles.

export const programmesSchema = z
	.array(
		z.object({
			number: z.coerce
				.number({ error: 'Programme inconnu.' })
				.int({ error: 'Programme inconnu.' })
				.min(1, { error: 'Programme inconnu.' })
				.max(99, { error: 'Programme inconnu.' }),
			role: z.enum(PROGRAMME_ROLES, {
				error: 'Choisissez le rôle de la structure dans ce programme.'
			})
		})
	)
	.max(LIMITS.programmes, { error: 'Trop de programmes.' })
	.check((ctx) => {
		const numbers = ctx.value.map((p) => p.number);
		if (new Set(numbers).size !== numbers.length)
			ctx.issues.push({
				code: 'custom',
				path: [],
				message: 'Chaque programme ne peut être choisi qu’une fois.',
				input: ctx.value
			});
	});
export type ProgrammeChoice = z.output<typeof programmesSchema>[number];

// ---------------------------------------------------------------------------------------------
// Step 5: contacts. Personal data: the partner confirms the persons were told (notice at
// /donnees-personnelles) and chooses who may see each one.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const contactSchema = z
	.object({
		/** The stored contact this row edits (checked against the structure when applied). */
		id: z
			.union([z.string(), z.null(), z.undefined()])
			.transform((v) => (v && UUID.test(v) ? v.toLowerCase() : null)),
		name: requiredLine(2, LIMITS.contactName, {
			missing: 'Indiquez le prénom et le nom du contact.',
			tooLong: `Le nom du contact ne peut dépasser ${LIMITS.contactName} caractères.`
		}),
		role: optionalLine(
			LIMITS.contactRole,
			`La fonction ne peut dépasser ${LIMITS.contactRole} caractères.`
		).transform((v) => v ?? ''),
		email: email('L’adresse électronique du contact'),
		phone,
		visibility: z.enum(VISIBILITIES, {
			error: 'Choisissez qui peut voir ce contact.'
		})
	})
	.check((ctx) => {
		if (!ctx.value.email && !ctx.value.phone)
			ctx.issues.push({
				code: 'custom',
				path: ['email'],
				message: 'Indiquez une adresse électronique ou un téléphone pour ce contact.',
				input: ctx.value
			});
	});
export type Contact = z.output<typeof contactSchema>;

export const contactsSchema = z
	.object({
		list: z
			.array(contactSchema)
			.max(LIMITS.contacts, { error: `Au plus ${LIMITS.contacts} contacts.` }),
		consent: z
			.union([z.boolean(), z.string(), z.null(), z.undefined()])
			.transform((v) => v === true || v === 'on' || v === 'true')
	})
	.check((ctx) => {
		if (ctx.value.list.length > 0 && !ctx.value.consent)
			ctx.issues.push({
				code: 'custom',
				path: ['consent'],
				message:
					'Cochez cette case pour confirmer que ces personnes sont informées de leur inscription et de leurs droits.',
				input: ctx.value
			});
	});
export type Contacts = z.output<typeof contactsSchema>;

// ---------------------------------------------------------------------------------------------
// The whole payload of a creation or an update.

export const payloadSchema = z
	.object({
		identity: identitySchema,
		identifiers: identifiersSchema,
		location: placedLocationSchema,
		programmes: programmesSchema,
		contacts: contactsSchema
	})
	.check((ctx) => {
		const { identity, identifiers } = ctx.value;
		if (identity.categories.some((c) => SCHOOL_CATEGORIES.includes(c)) && !identifiers.uai)
			ctx.issues.push({
				code: 'custom',
				path: ['identifiers', 'uai'],
				message:
					'Un établissement scolaire a un code UAI : saisissez-le (7 chiffres et une lettre, sur la fiche de l’établissement).',
				input: identifiers
			});
		if (identity.categories.some((c) => COMPANY_CATEGORIES.includes(c)) && !identifiers.siret)
			ctx.issues.push({
				code: 'custom',
				path: ['identifiers', 'siret'],
				message:
					'Une entreprise a un numéro SIRET : saisissez-le (14 chiffres, sur l’avis de situation SIRENE).',
				input: identifiers
			});
	});
export type StructurePayload = z.output<typeof payloadSchema>;

/** A draft: the steps filled so far. */
export type DraftPayload = Partial<StructurePayload>;

// ---------------------------------------------------------------------------------------------
// Revisions: their kinds and statuses, as pages and emails name them.

export const KINDS = ['create', 'update', 'claim', 'close'] as const;
export type Kind = (typeof KINDS)[number];

export const STATUSES = [
	'draft',
	'received',
	'in_review',
	'info_requested',
	'published',
	'refused',
	'withdrawn'
] as const;
export type Status = (typeof STATUSES)[number];

/** Statuses of a revision waiting for a moderator's decision. */
export const OPEN_STATUSES: readonly Status[] = ['received', 'in_review', 'info_requested'];

/** Statuses in which the applicant may still change the content of the revision. */
export const EDITABLE_STATUSES: readonly Status[] = ['draft', 'info_requested'];

export const STATUS_LABELS: Record<Status, string> = {
	draft: 'Brouillon',
	received: 'Reçue',
	in_review: 'En revue',
	info_requested: 'Informations demandées',
	published: 'Publiée',
	refused: 'Refusée',
	withdrawn: 'Retirée'
};

export const KIND_LABELS: Record<Kind, string> = {
	create: 'Inscription',
	update: 'Modification',
	claim: 'Gestion d’une fiche existante',
	close: 'Fermeture'
};

// ---------------------------------------------------------------------------------------------
// Revisions that are not a full payload, and moderators' words.

const message = (min: number, missing: string) =>
	z
		.string({ error: missing })
		.transform(cleanText)
		.pipe(
			z
				.string()
				.min(min, { error: missing })
				.max(LIMITS.message, {
					error: `Le message ne peut dépasser ${count.format(LIMITS.message)} caractères.`
				})
		);

export const claimSchema = z.object({
	message: message(
		10,
		'Expliquez en quelques mots votre lien avec la structure (au moins 10 caractères) : votre fonction, votre service.'
	)
});
export type ClaimPayload = z.output<typeof claimSchema>;

export const closeSchema = z.object({
	reason: message(
		5,
		'Indiquez pourquoi la structure ferme ou quitte l’annuaire (au moins 5 caractères).'
	)
});
export type ClosePayload = z.output<typeof closeSchema>;

export const refusalSchema = z.object({
	reason: message(5, 'Indiquez la raison du refus : elle est envoyée au demandeur.')
});
export const infoRequestSchema = z.object({
	message: message(5, 'Écrivez votre question : elle est envoyée au demandeur.')
});
export const commentSchema = z.object({
	message: message(1, 'Écrivez la note à partager avec l’équipe de modération.')
});
export const replySchema = z.object({
	message: message(1, 'Écrivez votre réponse au modérateur.')
});

// ---------------------------------------------------------------------------------------------
// Reading forms and reporting errors.

export type FieldErrors = Record<string, string>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

/**
 * Validates with `schema`; the first French message of each faulty field, keyed by the first
 * `depth` segments of its path (`website`; `identifiers.uai` for a whole payload).
 */
export function validate<T extends z.ZodType>(
	schema: T,
	input: unknown,
	depth = 1
): Parsed<z.output<T>> {
	const result = schema.safeParse(input);
	if (result.success) return { ok: true, value: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const key = issue.path.length ? issue.path.slice(0, depth).map(String).join('.') : 'form';
		errors[key] ??= issue.message;
	}
	return { ok: false, errors };
}

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
export function parseStep(key: StepKey, form: FormData): Parsed<unknown> {
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

function parseProgrammes(rows: { number: string; role: string }[]): Parsed<ProgrammeChoice[]> {
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

/** The steps a draft still lacks, in order. */
export function missingSteps(payload: DraftPayload): Step[] {
	return STEPS.filter((step) => payload[step.key] === undefined);
}

/** The step whose form shows the field at `path` (e.g. `identifiers.uai` → identifiers). */
export function stepOfPath(path: string): Step | undefined {
	const key = path.split('.')[0];
	return STEPS.find((s) => s.key === key);
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
