import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, lengthProblem } from './passwords';

const email = z
	.string({ error: 'Saisissez votre adresse électronique.' })
	.trim()
	.min(1, { error: 'Saisissez votre adresse électronique.' })
	.max(254, { error: 'Cette adresse électronique est trop longue.' })
	.pipe(
		z.email({ error: 'Saisissez une adresse électronique valide, par exemple nom@exemple.fr.' })
	);

/** Any password up to the maximum: the rules for new passwords do not apply to old ones. */
const currentPassword = z
	.string({ error: 'Saisissez votre mot de passe.' })
	.min(1, { error: 'Saisissez votre mot de passe.' })
	.max(MAX_PASSWORD_LENGTH, { error: 'Identifiant ou mot de passe incorrect.' });

/**
 * Only the length here: how guessable the password is takes the estimator a moment, so the
 * account functions check it after the rate limits (and with the person's address and name).
 */
const newPassword = z.string({ error: 'Choisissez un mot de passe.' }).check((ctx) => {
	const problem = lengthProblem(ctx.value);
	if (problem) ctx.issues.push({ code: 'custom', message: problem, input: ctx.value });
});

export const signIn = z.object({ email, password: currentPassword });

export const signUp = z
	.object({
		displayName: z
			.string({ error: 'Indiquez votre prénom et votre nom.' })
			.trim()
			.min(2, { error: 'Indiquez votre prénom et votre nom.' })
			.max(100, { error: 'Le nom ne peut dépasser 100 caractères.' }),
		email,
		password: newPassword
	})
	.refine((v) => v.password.trim().toLowerCase() !== v.email, {
		path: ['password'],
		error: 'Le mot de passe ne doit pas être votre adresse électronique.'
	});

export const emailOnly = z.object({ email });

export const newPasswordForm = z.object({
	token: z.string({ error: 'Lien invalide.' }).max(100),
	password: newPassword
});

export type FieldErrors = Record<string, string>;

/** Parses a submitted form: the data, or the first French message for each faulty field. */
export function parse<T extends z.ZodType>(
	schema: T,
	form: FormData
): { ok: true; data: z.output<T> } | { ok: false; errors: FieldErrors } {
	const values: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') values[key] = value;
	const result = schema.safeParse(values);
	if (result.success) return { ok: true, data: result.data };
	const errors: FieldErrors = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message;
	}
	return { ok: false, errors };
}

/** The text of a field, trimmed and capped, to refill a form (never used for passwords). */
export function refill(form: FormData, field: string, max = 254): string {
	const value = form.get(field);
	return typeof value === 'string' ? value.trim().slice(0, max) : '';
}
