/** Small, pure normalisers shared by the dataset parsers. */

/** Trims, collapses inner whitespace; empty → null. */
export function clean(value: string | undefined | null): string | null {
	if (value == null) return null;
	const text = value.replace(/\s+/g, ' ').trim();
	return text === '' ? null : text;
}

/** Splits a list field ("a;b", "a | b", "a|b") into clean, distinct items. */
export function list(value: string | undefined | null, separator: RegExp = /\s*[;|]\s*/): string[] {
	const text = clean(value);
	if (!text) return [];
	return [
		...new Set(
			text
				.split(separator)
				.map((s) => s.trim())
				.filter(Boolean)
		)
	];
}

export function flag(value: string | undefined | null): boolean | null {
	const text = clean(value)?.toLowerCase();
	if (text === 'true' || text === '1' || text === 'oui') return true;
	if (text === 'false' || text === '0' || text === 'non') return false;
	return null;
}

const UAI_KEYS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/** A UAI (ex-RNE) code: 7 characters and a check letter, e.g. 0250096U. */
export function uaiProblem(value: string | null): string | null {
	if (!value) return 'UAI absent';
	if (!/^[0-9]{3}[0-9]{4}[A-Z]$/.test(value))
		return `UAI invalide (« ${value} ») : 7 chiffres et une lettre attendus`;
	const key = UAI_KEYS[Number(value.slice(0, 7)) % 23];
	if (key !== value[7])
		return `UAI invalide (« ${value} ») : la lettre de contrôle devrait être ${key}`;
	return null;
}

/** French phone numbers as "03 81 00 00 00"; numbers that lost their leading 0 get it back. */
export function phone(value: string | undefined | null): string | null {
	const text = clean(value);
	if (!text) return null;
	let digits = text.replace(/[^\d+]/g, '');
	if (digits.startsWith('+33')) digits = '0' + digits.slice(3);
	else if (digits.startsWith('0033')) digits = '0' + digits.slice(4);
	if (/^[1-9]\d{8}$/.test(digits)) digits = '0' + digits;
	if (/^0\d{9}$/.test(digits)) return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
	return text;
}

const EMAIL = /^[^\s@,;]+@[^\s@,;]+\.[a-z]{2,}$/i;

/** The first valid address of a field that may hold several; the others are returned apart. */
export function emails(value: string | undefined | null): {
	first: string | null;
	others: string[];
} {
	const found = list(value, /[\s;,|]+/).filter((e) => EMAIL.test(e));
	return { first: found[0] ?? null, others: found.slice(1) };
}

/** A web address with its scheme; null when it cannot be one. */
export function website(value: string | undefined | null): string | null {
	const text = clean(value);
	if (!text || /\s/.test(text)) return null;
	const withScheme = /^https?:\/\//i.test(text) ? text : `https://${text}`;
	try {
		const url = new URL(withScheme);
		return url.hostname.includes('.') ? withScheme : null;
	} catch {
		return null;
	}
}

/** ISO date from "2021-03-02" or "27/05/2026"; null otherwise. */
export function isoDate(value: string | undefined | null): string | null {
	const text = clean(value);
	if (!text) return null;
	let match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
	if (match) return `${match[1]}-${match[2]}-${match[3]}`;
	match = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(text);
	if (match) return `${match[3]}-${match[2]}-${match[1]}`;
	return null;
}

export type Coordinates =
	| { kind: 'none' }
	| { kind: 'ok'; lon: number; lat: number }
	| { kind: 'unreadable'; text: string };

/** Decimal degrees, accepting a decimal comma. */
export function coordinates(lon: string | undefined, lat: string | undefined): Coordinates {
	const x = clean(lon);
	const y = clean(lat);
	if (!x && !y) return { kind: 'none' };
	const lonValue = Number(x?.replace(',', '.'));
	const latValue = Number(y?.replace(',', '.'));
	if (!x || !y || !Number.isFinite(lonValue) || !Number.isFinite(latValue))
		return { kind: 'unreadable', text: `longitude « ${x ?? ''} », latitude « ${y ?? ''} »` };
	if (Math.abs(lonValue) > 180 || Math.abs(latValue) > 90)
		return { kind: 'unreadable', text: `longitude « ${x} », latitude « ${y} »` };
	return { kind: 'ok', lon: lonValue, lat: latValue };
}

/** Lower case without accents, for comparisons of names written with or without them. */
export { fold } from '../../domain/fold';
