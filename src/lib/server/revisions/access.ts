import { requireStaff } from './moderator-actions';
import { byId, mayView } from './store';
import type { Actor, Revision } from './types';

/**
 * The two ways a page finds a revision. Both answer null when it does not exist or the viewer
 * may not see it (the page then answers 404, so that nobody learns it exists); any other
 * failure — the database down, a statement timing out — goes up as it is, never as a 404.
 */

/** The author's own revision (the partner space): null for anyone else, staff included. */
export async function forAuthor(id: string, actor: Actor): Promise<Revision | null> {
	const revision = await byId(id);
	return revision && revision.authorId === actor.id ? revision : null;
}

/** A revision as staff see it (the moderation pages): any sent one, and their own drafts. */
export async function forStaff(id: string, actor: Actor): Promise<Revision | null> {
	requireStaff(actor);
	const revision = await byId(id);
	return revision && mayView(revision, actor) ? revision : null;
}
