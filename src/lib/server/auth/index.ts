/**
 * Accounts and sessions. Routes use the guards on every protected load, action and endpoint:
 * `const user = requireUser(locals)` or `requireRole(locals, 'moderator')`.
 */
export { requireRole, requireUser, safeReturnPath, signInUrl } from './guards';
export { ROLES, ROLE_LABELS, atLeast, isRole, isStaff, type Role } from './roles';
export type { Session, SessionUser } from './sessions';
