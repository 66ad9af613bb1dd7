import { error, redirect } from '@sveltejs/kit';
import { atLeast, type Role } from './roles';
import type { SessionUser } from './sessions';

/** Where anonymous visitors are sent, with the page to come back to. */
export function signInUrl(returnTo: string): string {
	return `/compte/connexion?redirectTo=${encodeURIComponent(returnTo)}`;
}

const isApi = (path: string) => path === '/api' || path.startsWith('/api/');

/**
 * The signed-in user, or: a redirect to the sign-in page (pages and form actions),
 * a 401 (API endpoints). Call it in every protected load, action and endpoint.
 */
export function requireUser(locals: App.Locals): SessionUser {
	if (locals.user) return locals.user;
	const path = locals.requestPath ?? '/';
	if (isApi(path)) error(401, 'Connectez-vous pour accéder à cette ressource.');
	redirect(303, signInUrl(path));
}

/**
 * The signed-in user if their role is at least `role` (an admin passes a moderator's guard),
 * otherwise as `requireUser`, or a 403 for a signed-in user without the role.
 */
export function requireRole(locals: App.Locals, role: Role): SessionUser {
	const user = requireUser(locals);
	if (!atLeast(user.role, role)) error(403, 'Votre compte ne donne pas accès à cette page.');
	return user;
}

export { returnPath, safeReturnPath } from './return-path';
