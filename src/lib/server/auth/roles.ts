/** Roles, from the least to the most trusted; each includes the rights of those before it. */
export const ROLES = ['partner', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	partner: 'Partenaire',
	moderator: 'Modérateur ou modératrice',
	admin: 'Administrateur ou administratrice'
};

export function isRole(value: unknown): value is Role {
	return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` grants at least the rights of `required` (an admin may moderate). */
export function atLeast(role: Role, required: Role): boolean {
	return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** Staff: the regional team (moderators and admins), who see staff-only contacts. */
export function isStaff(role: Role): boolean {
	return atLeast(role, 'moderator');
}
