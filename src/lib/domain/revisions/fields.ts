import { z } from 'zod';
import type { Result } from './result';

/**
 * The rules every text field of a revision follows: lengths, cleaning of pasted text, web
 * addresses, email addresses and phone numbers. Messages are French, and name the problem and
 * the way out.
 */

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

export const count = new Intl.NumberFormat('fr-FR');

/** A one-line text, empty allowed; `null` when empty. */
export function optionalLine(max: number, tooLong: string) {
	return z
		.union([z.string(), z.null(), z.undefined()])
		.transform((v) => cleanLine(v ?? ''))
		.pipe(z.string().max(max, { error: tooLong }))
		.transform((v) => v || null);
}

export function requiredLine(
	min: number,
	max: number,
	messages: { missing: string; tooLong: string }
) {
	return z
		.string({ error: messages.missing })
		.transform(cleanLine)
		.pipe(z.string().min(min, { error: messages.missing }).max(max, { error: messages.tooLong }));
}

// ---------------------------------------------------------------------------------------------
// Web addresses: only http and https, so that no `javascript:` or `data:` link ever reaches a page.

export function normalizeWebsite(input: string): Result<string | null> {
	const text = cleanLine(input);
	if (!text) return { ok: true, value: null };
	if (text.length > LIMITS.website)
		return {
			ok: false,
			errors: {
				website: `L’adresse du site ne peut dépasser ${count.format(LIMITS.website)} caractères.`
			}
		};
	const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return {
			ok: false,
			errors: {
				website: 'Cette adresse de site n’est pas valide. Exemple : https://www.exemple.fr'
			}
		};
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		return {
			ok: false,
			errors: {
				website:
					'Seules les adresses de site commençant par http:// ou https:// sont acceptées. Exemple : https://www.exemple.fr'
			}
		};
	if (url.username || url.password || !/\.[a-z0-9-]{2,}$/i.test(url.hostname))
		return {
			ok: false,
			errors: {
				website: 'Cette adresse de site n’est pas valide. Exemple : https://www.exemple.fr'
			}
		};
	if (url.href.length > LIMITS.website)
		return {
			ok: false,
			errors: {
				website: `L’adresse du site ne peut dépasser ${count.format(LIMITS.website)} caractères.`
			}
		};
	return { ok: true, value: url.href };
}

export const website = z.union([z.string(), z.null(), z.undefined()]).transform((value, ctx) => {
	const checked = normalizeWebsite(value ?? '');
	if (checked.ok) return checked.value;
	ctx.issues.push({ code: 'custom', message: checked.errors.website!, input: value });
	return z.NEVER;
});

export const email = (label: string) =>
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

export const phone = z
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

/** A message of a revision or a moderator: several lines, `min` characters at least. */
export const message = (min: number, missing: string) =>
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
