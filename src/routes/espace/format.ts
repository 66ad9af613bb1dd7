import { parisDateTime, parisDay } from '$lib/domain/paris-time';

/** Dates as French readers expect them: « 3 mars 2026 à 14 h 05 » (Paris time). */
export const dateTime = parisDateTime;

export const day = parisDay;

/** « 1 jour », « 12 jours ». */
export function days(count: number): string {
	return count <= 1 ? `${Math.max(count, 0)} jour` : `${count} jours`;
}

/** How long a revision has waited: « aujourd’hui », « il y a 1 jour », « il y a 12 jours ». */
export function waitedFor(count: number): string {
	return count <= 0 ? 'aujourd’hui' : `il y a ${days(count)}`;
}
