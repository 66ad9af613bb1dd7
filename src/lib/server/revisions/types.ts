import type {
	ClaimPayload,
	ClosePayload,
	DraftPayload,
	FormKind,
	Kind,
	Status
} from '../../domain/revisions';
import { isFormKind } from '../../domain/revisions';

export {
	EDITABLE_STATUSES,
	FORM_KINDS,
	isFormKind,
	KIND_LABELS,
	KINDS,
	OPEN_STATUSES,
	STATUS_LABELS,
	STATUSES,
	type Kind,
	type Status
} from '../../domain/revisions';

interface RevisionFields {
	id: string;
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
	baseVersion: number | null;
	reason: string | null;
	createdAt: Date;
	updatedAt: Date;
	submittedAt: Date | null;
	decidedAt: Date | null;
}

/** A creation or an update: its payload is the structure's content, filled step by step. */
export interface FormRevision extends RevisionFields {
	kind: FormKind;
	payload: DraftPayload;
}

/** « C’est ma structure »: the author asks to manage a published structure. */
export interface ClaimRevision extends RevisionFields {
	kind: 'claim';
	payload: ClaimPayload;
}

/** The author says the structure has closed (it leaves the map). */
export interface CloseRevision extends RevisionFields {
	kind: 'close';
	payload: ClosePayload;
}

/** A proposed change to a structure, moderated before it is published; `kind` tells its payload. */
export type Revision = FormRevision | ClaimRevision | CloseRevision;

export type Payload = Revision['payload'];

/** `Pick` for each member of a union, so that `kind` still tells the payload. */
export type PickOf<T, K extends keyof T> = T extends unknown ? Pick<T, K> : never;

/** What an email or a title needs of a revision. */
export type RevisionHeadline = PickOf<Revision, 'id' | 'kind' | 'payload' | 'structureName'>;

export function isFormRevision<T extends { kind: Kind }>(
	revision: T
): revision is Extract<T, { kind: FormKind }> {
	return isFormKind(revision.kind);
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
export function titleOf(revision: PickOf<Revision, 'payload' | 'structureName' | 'kind'>): string {
	if (isFormRevision(revision) && revision.payload.identity?.name)
		return revision.payload.identity.name;
	return revision.structureName ?? 'Nouvelle structure';
}
