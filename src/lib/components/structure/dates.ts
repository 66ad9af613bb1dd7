/** A date as French readers write it: « 18 août 1965 ». */
export const longDate = (value: Date | string): string =>
	new Date(value).toLocaleDateString('fr-FR', {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'Europe/Paris'
	});
