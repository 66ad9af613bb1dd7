/**
 * Revisions to create, change, claim or close a structure, and their moderation. Used as
 * `import * as revisions from '$lib/server/revisions'`; every function takes the acting user
 * and checks what they may do (routes call the session guards first).
 */
export { approve, type Applied, type Approval } from './apply';
export { comment, refuse, requestInfo, requireStaff, startReview } from './moderator-actions';
export { diff, type DiffRow } from './diff';
export { RevisionError } from './errors';
export { structureHistory, type HistoryEntry } from './history';
export { locate, place, REGION } from './location';
export {
	claim,
	close,
	problems,
	REVISION_LIMIT,
	reply,
	saveStep,
	startCreation,
	startUpdate,
	submit,
	withdraw
} from './author-actions';
export {
	claimable,
	isMember,
	managedBy,
	managedStructure,
	type ManagedStructure
} from './managed-structures';
export { snapshot, type Snapshot } from './snapshot';
export { byAuthor, byId, byStructure, events, forViewer, mayView, messages } from './store';
export * from './types';
