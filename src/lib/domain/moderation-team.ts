/** How applicants see a moderator or administrator who has no display name (never their address). */
export const MODERATION_TEAM = 'L’équipe de modération';
