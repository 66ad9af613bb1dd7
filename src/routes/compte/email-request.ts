import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type * as account from '$lib/server/auth/account';
import * as forms from '$lib/server/auth/forms';
import { waitInFrench } from '$lib/server/rate-limit';
import { readForm } from '$lib/server/input/control-characters';

type EmailRequest = typeof account.requestPasswordReset;

/**
 * The form action of the pages that only ask for an address and send a link to it
 * (forgotten password, new verification link): same validation, same rate-limit answer,
 * same redirect to a « courriel envoyé » notice, whatever the address.
 */
export async function emailRequestAction(
	{ request, url, getClientAddress }: RequestEvent,
	send: EmailRequest,
	sentLocation: string
) {
	const form = await readForm(request);
	const email = forms.refill(form, 'email');
	const parsed = forms.parse(forms.emailOnly, form);
	if (!parsed.ok) return fail(400, { email, errors: parsed.errors });
	const result = await send(parsed.data.email, { ip: getClientAddress(), url });
	if (!result.ok)
		return fail(429, {
			email,
			message: `Trop de demandes depuis votre connexion. Réessayez dans ${waitInFrench(result.retryAfterSeconds)}.`
		});
	redirect(303, sentLocation);
}
