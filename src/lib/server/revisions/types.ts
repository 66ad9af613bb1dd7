import type {
	ClaimPayload,
	ClosePayload,
	DraftPayload,
	Kind,
	StructurePayload,
	Status
} from '../../domain/revisions';

export {
	EDITABLE_STATUSES,
	KIND_LABELS,
	KINDS,
	OPEN_STATUSES,
	STATUS_LABELS,
	STATUSES,
	type Kind,
	type Status
} from '../../domain/revisions';

export type Payload = DraftPayload | StructurePayload | ClaimPayload | ClosePayload;

export interface Revision {
	id: string;
	kind: Kind;
	status: Status;
	structureId: string | null;
	/** The structure's current name (published or not), for claims, updates and closures. */
	structureName: string | null;
	structureSlug: string | null;
	structureStatus: string | null;
	authorId: string;
	authorEmail: string;
	authorName: string;
	reviewerId: string | null;
	reviewerName: string | null;
	payload: Payload;
	baseVersion: number | null;
	reason: string | null;
	createdAt: Date;
	updatedAt: Date;
	submittedAt: Date | null;
	decidedAt: Date | null;
}

export { MODERATION_TEAM } from '../../domain/moderation-team';

export interface Message {
	id: string;
	authorId: string | null;
	authorName: string;
	/** Whether the author is staff (moderator or admin). */
	fromStaff: boolean;
	body: string;
	visibility: 'applicant' | 'staff';
	createdAt: Date;
}

/** One step of a revision's history (from audit_log). */
export interface RevisionEvent {
	at: Date;
	action: string;
	actorName: string;
	fromStaff: boolean;
}

/** What a user may do, for the checks of every function of this module. */
export interface Actor {
	id: string;
	role: 'partner' | 'moderator' | 'admin';
}

/** Where links in emails point (the site's origin). */
export interface Context {
	origin: string;
}

/** The title of a revision: the name it gives, or the structure's. */
export function titleOf(revision: Pick<Revision, 'payload' | 'structureName' | 'kind'>): string {
	const payload = revision.payload as DraftPayload;
	if ((revision.kind === 'create' || revision.kind === 'update') && payload.identity?.name)
		return payload.identity.name;
	return revision.structureName ?? 'Nouvelle structure';
}
