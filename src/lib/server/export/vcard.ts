/**
 * vCard 4.0 (RFC 6350): one card per contact, CRLF line endings, long lines folded at
 * 75 octets without splitting a UTF-8 character.
 */
export interface VCardInput {
	uid: string;
	kind: 'individual' | 'org';
	fullName: string;
	organisation: string;
	title?: string | null;
	email?: string | null;
	phone?: string | null;
	address?: { street: string | null; locality: string | null; postcode: string | null } | null;
	position?: { lat: number; lon: number } | null;
	categories?: string[];
	url?: string | null;
	note?: string | null;
}

export function toVCards(cards: Iterable<VCardInput>): string {
	let out = '';
	for (const card of cards) out += vCard(card);
	return out;
}

export function vCard(card: VCardInput): string {
	const lines = ['BEGIN:VCARD', 'VERSION:4.0', `KIND:${card.kind}`, `FN:${text(card.fullName)}`];
	lines.push(`ORG:${text(card.organisation)}`);
	if (card.title) lines.push(`TITLE:${text(card.title)}`);
	if (card.email) lines.push(`EMAIL;TYPE=work:${text(card.email)}`);
	if (card.phone) lines.push(telephone(card.phone));
	if (card.address && (card.address.street || card.address.locality || card.address.postcode)) {
		const { street, locality, postcode } = card.address;
		// ADR components: PO box; extended; street; locality; region; postcode; country.
		const components = ['', '', street ?? '', locality ?? '', '', postcode ?? '', 'France'];
		lines.push(`ADR;TYPE=work:${components.map(text).join(';')}`);
	}
	if (card.position)
		lines.push(`GEO:geo:${card.position.lat.toFixed(6)},${card.position.lon.toFixed(6)}`);
	if (card.categories?.length) lines.push(`CATEGORIES:${card.categories.map(text).join(',')}`);
	if (card.url) lines.push(`URL:${card.url.replace(/[\r\n]/g, '')}`);
	if (card.note) lines.push(`NOTE:${text(card.note)}`);
	lines.push(`UID:${card.uid}`, 'END:VCARD');
	return lines.map(fold).join('\r\n') + '\r\n';
}

/** Escapes a text value (RFC 6350 §3.4): backslash, comma, semicolon and newlines. */
export function text(value: string): string {
	return value
		.replaceAll('\\', '\\\\')
		.replaceAll(',', '\\,')
		.replaceAll(';', '\\;')
		.replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * A French number becomes a `tel:` URI in international form, as RFC 6350 recommends;
 * anything else is kept as escaped text rather than guessed.
 */
function telephone(phone: string): string {
	const digits = phone.replace(/[\s.\-()]/g, '');
	const international = /^0[1-9]\d{8}$/.test(digits)
		? `+33${digits.slice(1)}`
		: /^\+\d{6,15}$/.test(digits)
			? digits
			: null;
	return international
		? `TEL;VALUE=uri;TYPE=work,voice:tel:${international}`
		: `TEL;VALUE=text;TYPE=work,voice:${text(phone)}`;
}

/** Folds a content line into chunks of at most 75 octets, continuation lines starting with a space. */
export function fold(line: string): string {
	const encoder = new TextEncoder();
	const parts: string[] = [];
	let current = '';
	let size = 0;
	let limit = 75;
	for (const char of line) {
		const bytes = encoder.encode(char).length;
		if (size + bytes > limit) {
			parts.push(current);
			current = '';
			size = 0;
			limit = 74; // the leading space of a continuation line counts
		}
		current += char;
		size += bytes;
	}
	parts.push(current);
	return parts.join('\r\n ');
}
