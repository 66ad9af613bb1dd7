import { error, fail, redirect } from '@sveltejs/kit';
import { readForm } from '$lib/server/input/control-characters';
import { resolutionSchema } from '$lib/domain/error-reports';
import { requireRole } from '$lib/server/auth';
import * as forms from '$lib/server/auth/forms';
import * as reports from '$lib/server/reports';
import * as structures from '$lib/server/structures';
import type { Actions, PageServerLoad } from './$types';

/** One report with the fiche it is about, side by side, and the moderator's decision. */
export const load: PageServerLoad = async ({ locals, params }) => {
	requireRole(locals, 'moderator');
	const report = await reports.get(params.id);
	if (!report) error(404, 'Ce signalement est introuvable.');
	const { reporterEmail, ...rest } = report;
	return {
		report: { ...rest, hasEmail: !!reporterEmail },
		structure: await structures.get(report.structureId)
	};
};

export const actions: Actions = {
	default: async ({ locals, params, request, url }) => {
		const user = requireRole(locals, 'moderator');
		const form = await readForm(request);
		const values = {
			decision: forms.refill(form, 'decision', 20),
			note: forms.refill(form, 'note', 2000)
		};
		const parsed = forms.parse(resolutionSchema, form);
		if (!parsed.ok) return fail(400, { values, errors: parsed.errors });
		try {
			await reports.resolve(user, params.id, parsed.data, { origin: url.origin });
		} catch (e) {
			if (e instanceof reports.ReportError)
				return fail(e.status, { values, errors: {}, message: e.message });
			throw e;
		}
		redirect(303, `/moderation/signalements/${params.id}`);
	}
};
