import { hasControlCharacter } from './control-characters';

/**
 * The position after which the next page starts, in the list's order: the structure's sort key
 * (category rank, commune, name; see migration 024) then its id.
 */
export interface Cursor {
	key: string;
	id: string;
}

/** A sort key: two digits of rank, 0 or 1 (commune known or not), then text around one U+0001. */
function isSortKey(key: string): boolean {
	const parts = key.split('\u0001');
	return (
		parts.length === 2 && /^\d{2}[01]/.test(key) && parts.every((p) => !hasControlCharacter(p))
	);
}

/** Cursors are opaque to clients: base64url of JSON [key, id]. */
export function encodeCursor(cursor: Cursor): string {
	const bytes = new TextEncoder().encode(JSON.stringify([cursor.key, cursor.id]));
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function decodeCursor(text: string): Cursor | null {
	if (!/^[A-Za-z0-9_-]+$/.test(text) || text.length > 2000) return null;
	try {
		const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
		const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
		const value: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
		if (
			Array.isArray(value) &&
			value.length === 2 &&
			typeof value[0] === 'string' &&
			isSortKey(value[0]) &&
			typeof value[1] === 'string' &&
			/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value[1])
		)
			return { key: value[0], id: value[1] };
	} catch {
		// Falls through: not a cursor this API produced.
	}
	return null;
}
