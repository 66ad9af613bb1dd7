/**
 * Dates and times as French readers expect them, always in Paris time: the pages, the emails
 * and the operators' email listing say the same hour whatever the server's time zone (UTC in
 * production containers).
 */
const ZONE = 'Europe/Paris';

/** « 3 mars 2026 ». */
export function parisDay(value: Date | string): string {
	return new Date(value).toLocaleDateString('fr-FR', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: ZONE
	});
}

/** « 14 h 05 ». */
export function parisTime(value: Date | string): string {
	return new Date(value)
		.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: ZONE })
		.replace(':', ' h ');
}

/** « 3 mars 2026 à 14 h 05 ». */
export function parisDateTime(value: Date | string): string {
	return `${parisDay(value)} à ${parisTime(value)}`;
}
