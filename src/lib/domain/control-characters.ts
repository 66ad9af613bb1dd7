/**
 * Whether `text` holds a C0 control character other than tab, line feed and carriage return.
 * NUL above all: PostgreSQL refuses it in text and JSON values, so it must be refused before
 * any query (with a French 400, never a 500). Nobody types the others: they come from
 * binary data or from someone probing the app.
 */
export function hasControlCharacter(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
	}
	return false;
}
