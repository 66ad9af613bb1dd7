/** Dates as French readers expect them: « 3 mars 2026 à 14 h 05 ». */
export function dateTime(value: Date | string): string {
	const date = new Date(value);
	const day = date.toLocaleDateString('fr-FR', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'Europe/Paris'
	});
	const time = date
		.toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Paris' })
		.replace(':', ' h ');
	return `${day} à ${time}`;
}

export function day(value: Date | string): string {
	return new Date(value).toLocaleDateString('fr-FR', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'Europe/Paris'
	});
}

/** « 1 jour », « 12 jours ». */
export function days(count: number): string {
	return count <= 1 ? `${Math.max(count, 0)} jour` : `${count} jours`;
}

/** How long a revision has waited: « aujourd’hui », « il y a 1 jour », « il y a 12 jours ». */
export function waitedFor(count: number): string {
	return count <= 0 ? 'aujourd’hui' : `il y a ${days(count)}`;
}
