/**
 * Revisions — proposed changes to a structure (a creation, an update, a claim, a closure),
 * « demandes » in the UI — and their moderation. Used as
 * `import * as revisions from '$lib/server/revisions'`; every function takes the acting user
 * and checks what they may do (routes call the session guards first). Pages find a revision
 * with `forAuthor` or `forStaff` and show it with `view`.
 */
export { forAuthor, forStaff } from './access';
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
export { prefillStepsFromUai, saveStepForm, stepPage } from './steps';
export { byAuthor, byId, byStructure, events, mayView, messages } from './store';
export { beforeSending, changes, view, type AuthorView, type StaffView, type Viewer } from './view';
export * from './types';
