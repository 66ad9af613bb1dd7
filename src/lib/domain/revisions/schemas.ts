import { z } from 'zod';
import { CATEGORY_CODES, type CategoryCode } from '../categories';
import { validateSiret, validateUai } from '../identifiers';
import {
	cleanLine,
	cleanText,
	count,
	email,
	LIMITS,
	optionalLine,
	phone,
	requiredLine,
	website
} from './fields';

/**
 * What a partner submits to put a structure on the map (or to change it), step by step, and
 * the rules each field follows. The same schemas check a form step and the stored payload:
 * parsing their output again gives the same value, so a payload can be checked once more
 * before it is applied.
 */

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

function identifier(
	validate: (input: string) => { ok: true; value: string } | { ok: false; message: string }
) {
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
