import {
	doneSteps,
	KIND_LABELS,
	LIMITS,
	STEPS,
	stepOfPath,
	type DraftPayload
} from '../../domain/revisions';
import * as duplicates from '../duplicates';
import { problems } from './author-actions';
import { diff, type DiffRow } from './diff';
import { programmeTitles } from './programme-titles';
import { snapshot, type Snapshot } from './snapshot';
import { events, messages } from './store';
import { isFormRevision, titleOf, type Actor, type FormRevision, type Revision } from './types';

/**
 * What the pages of a revision show, for its author (the partner space) or for staff (the
 * moderation page): the same revision, told to each. Routes find the revision (`forAuthor`,
 * `forStaff`), then hand it here.
 */

export interface Viewer<As extends 'author' | 'staff' = 'author' | 'staff'> {
	actor: Actor;
	as: As;
}

/** The text of a claim (its message) or of a closure (its reason). */
const textOf = (revision: Revision) =>
	revision.kind === 'claim'
		? revision.payload.message
		: revision.kind === 'close'
			? revision.payload.reason
			: null;

/** What the revision changes, field by field, against the published structure for an update. */
export async function changes(revision: Revision, current?: Snapshot | null): Promise<DiffRow[]> {
	if (!isFormRevision(revision)) return [];
	if (current === undefined && revision.kind === 'update' && revision.structureId)
		current = await snapshot(revision.structureId);
	const before = revision.kind === 'update' ? (current?.payload ?? null) : null;
	return diff(before, revision.payload, await programmeTitles());
}

export function view(revision: Revision, viewer: Viewer<'author'>): Promise<AuthorView>;
export function view(revision: Revision, viewer: Viewer<'staff'>): Promise<StaffView>;
export async function view(revision: Revision, viewer: Viewer): Promise<AuthorView | StaffView> {
	return viewer.as === 'staff' ? staffView(revision, viewer.actor) : authorView(revision);
}

export type AuthorView = Awaited<ReturnType<typeof authorView>>;
export type StaffView = Awaited<ReturnType<typeof staffView>>;

/** What both pages head a revision with. */
function heading(revision: Revision) {
	return {
		id: revision.id,
		kind: revision.kind,
		kindLabel: KIND_LABELS[revision.kind],
		status: revision.status,
		title: titleOf(revision)
	};
}

/** The author's page: where the revision stands, what it changes, the messages. */
async function authorView(revision: Revision) {
	const missing = isFormRevision(revision)
		? STEPS.find((s) => revision.payload[s.key] === undefined)
		: undefined;
	return {
		revision: {
			...heading(revision),
			submittedAt: revision.submittedAt,
			createdAt: revision.createdAt,
			structureSlug: revision.status === 'published' ? revision.structureSlug : null,
			structureName: revision.structureName,
			reason: revision.reason,
			text: textOf(revision)
		},
		rows: await changes(revision),
		nextStep: isFormRevision(revision) ? (missing?.slug ?? 'envoi') : null,
		messages: await messages(revision.id, { staff: false }),
		events: await events(revision.id, { staff: false })
	};
}

/** The moderator's page: the diff against the published fiche, the point, likely duplicates. */
async function staffView(revision: Revision, actor: Actor) {
	const current = revision.structureId ? await snapshot(revision.structureId) : null;
	const payload: DraftPayload = isFormRevision(revision) ? revision.payload : {};
	const point = payload.location ?? current?.payload.location ?? null;
	const found =
		revision.kind === 'create' ? await likelyDuplicates(revision, { excludeOwn: false }) : [];
	return {
		revision: {
			...heading(revision),
			authorName: revision.authorName,
			authorEmail: revision.authorEmail,
			reviewerName: revision.reviewerName,
			reviewerId: revision.reviewerId,
			submittedAt: revision.submittedAt,
			decidedAt: revision.decidedAt,
			reason: revision.reason,
			structureId: revision.structureId,
			structureSlug: revision.structureSlug,
			structureName: revision.structureName,
			own: revision.authorId === actor.id,
			text: textOf(revision)
		},
		rows: await changes(revision, current),
		problems: isFormRevision(revision) ? Object.values(problems(revision.payload)) : [],
		seenVersion: current?.version ?? null,
		point: point
			? {
					lon: point.lon,
					lat: point.lat,
					name: titleOf(revision),
					category: payload.identity?.categories[0] ?? 'association'
				}
			: null,
		duplicates: found.map((d) => ({
			id: d.id,
			slug: d.slug,
			name: d.name,
			reason: d.reason,
			distanceMeters: d.distanceMeters
		})),
		messages: await messages(revision.id, { staff: true }),
		events: await events(revision.id, { staff: true }),
		messageLimit: LIMITS.message
	};
}

/** Structures on the map that look like the one this revision proposes. */
async function likelyDuplicates(revision: FormRevision, { excludeOwn }: { excludeOwn: boolean }) {
	const { identity, location, identifiers } = revision.payload;
	if (!identity || !location) return [];
	const found = await duplicates.find(
		{
			name: identity.name,
			lon: location.lon,
			lat: location.lat,
			identifiers: { ...(identifiers ?? {}) }
		},
		excludeOwn ? { excludeId: revision.structureId ?? undefined } : undefined
	);
	return found.map((d) => ({
		id: d.id,
		slug: d.slug,
		name: d.name,
		reason: d.reason,
		distanceMeters: d.distanceMeters ?? null,
		identifier: d.identifier ?? null
	}));
}

/**
 * The last step before sending: what is still missing (by step, for links back to it), the
 * likely duplicates (each with « c’est ma structure »), and the steps done.
 */
export async function beforeSending(revision: FormRevision) {
	const missing = Object.entries(problems(revision.payload)).map(([path, message]) => {
		const step = stepOfPath(path) ?? STEPS[0];
		return { step: step.slug, title: step.title, message };
	});
	return {
		problems: missing,
		duplicates: await likelyDuplicates(revision, { excludeOwn: true }),
		done: doneSteps(revision.payload)
	};
}
