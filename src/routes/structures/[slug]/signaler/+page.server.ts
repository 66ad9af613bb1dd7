import { error, fail, redirect } from '@sveltejs/kit';
import { readForm } from '$lib/server/input/control-characters';
import { HONEYPOT_FIELD, reportSchema } from '$lib/domain/error-reports';
import * as forms from '$lib/server/auth/forms';
import { waitInFrench } from '$lib/server/rate-limit';
import * as reports from '$lib/server/reports';
import * as structures from '$lib/server/structures';
import type { Actions, PageServerLoad } from './$types';

async function published(slug: string) {
	const structure = await structures.get(slug);
	if (!structure)
		error(
			404,
			'Cette structure est introuvable : elle n’existe pas ou a été retirée de l’annuaire.'
		);
	return structure;
}

export const load: PageServerLoad = async ({ params, url }) => {
	const s = await published(params.slug);
	return {
		structure: { id: s.id, slug: s.slug, name: s.name, commune: s.commune?.name ?? null },
		sent: url.searchParams.has('envoye')
	};
};

/** A report without an account: validated, rate-limited per address, honeypot-guarded. */
export const actions: Actions = {
	default: async ({ params, request, url, getClientAddress }) => {
		const structure = await published(params.slug);
		const form = await readForm(request);
		const values = {
			kind: forms.refill(form, 'kind', 20),
			message: forms.refill(form, 'message', 2000),
			email: forms.refill(form, 'email')
		};
		const parsed = forms.parse(reportSchema, form);
		if (!parsed.ok) return fail(400, { values, errors: parsed.errors });
		const trap = forms.refill(form, HONEYPOT_FIELD) !== '';
		const result = await reports.submit(structure.id, parsed.data, {
			ip: getClientAddress(),
			trap,
			origin: url.origin
		});
		if (!result.ok)
			return fail(429, {
				values,
				errors: {},
				message: `Trop de signalements depuis votre connexion. Réessayez dans ${waitInFrench(result.retryAfterSeconds)}.`
			});
		redirect(303, `/structures/${structure.slug}/signaler?envoye`);
	}
};
