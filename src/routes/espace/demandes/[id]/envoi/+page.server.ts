import { error, redirect } from '@sveltejs/kit';
import { STEPS, stepOfPath, type DraftPayload, type StructurePayload } from '$lib/domain/revisions';
import { requireUser } from '$lib/server/auth';
import * as duplicates from '$lib/server/duplicates';
import * as revisions from '$lib/server/revisions';
import { failure } from '$lib/server/revisions/forms';
import { programmeTitles } from '$lib/server/revisions/programme-titles';
import type { Actions, PageServerLoad } from './$types';

async function ownDraft(locals: App.Locals, id: string) {
	const user = requireUser(locals);
	const revision = await revisions.forViewer(id, user).catch(() => null);
	if (!revision || revision.authorId !== user.id)
		error(404, 'Cette demande est introuvable, ou elle ne vous appartient pas.');
	return { user, revision };
}

/**
 * The last step: the whole revision as the moderator will see it (a diff for a change), what
 * is missing, and likely duplicates, each with « c’est ma structure ».
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const { revision } = await ownDraft(locals, params.id);
	if (revision.status !== 'draft' || (revision.kind !== 'create' && revision.kind !== 'update'))
		redirect(303, `/espace/demandes/${revision.id}`);
	const payload = revision.payload as DraftPayload;
	const before =
		revision.kind === 'update' && revision.structureId
			? ((await revisions.snapshot(revision.structureId))?.payload ?? null)
			: null;
	const problems = Object.entries(revisions.problems(payload)).map(([path, message]) => {
		const step = stepOfPath(path) ?? STEPS[0];
		return { step: step.slug, title: step.title, message };
	});
	const found =
		payload.identity && payload.location
			? await duplicates.find(
					{
						name: payload.identity.name,
						lon: payload.location.lon,
						lat: payload.location.lat,
						identifiers: { ...(payload.identifiers ?? {}) }
					},
					{ excludeId: revision.structureId ?? undefined }
				)
			: [];
	return {
		revision: {
			id: revision.id,
			kind: revision.kind,
			title: revisions.titleOf(revision)
		},
		rows: revisions.diff(before, payload as StructurePayload, await programmeTitles()),
		problems,
		duplicates: found.map((d) => ({
			id: d.id,
			slug: d.slug,
			name: d.name,
			reason: d.reason,
			distanceMeters: d.distanceMeters ?? null,
			identifier: d.identifier ?? null
		})),
		done: STEPS.filter((s) => payload[s.key] !== undefined).map((s) => s.slug)
	};
};

export const actions: Actions = {
	default: async ({ locals, params, url }) => {
		const { user, revision } = await ownDraft(locals, params.id);
		try {
			await revisions.submit(user, revision.id, { origin: url.origin });
		} catch (e) {
			return failure(e);
		}
		redirect(303, `/espace/demandes/${revision.id}?envoyee`);
	}
};
