/**
 * The one accent fold, shared by browser and server: lower case, no accents (every combining
 * mark after Unicode decomposition: é è ê ë à â ç î ï ô ù û ü ÿ…), ligatures spelt out
 * (œ → oe, æ → ae, ß → ss), so that « Lycée », « LYCEE » and « lycee » compare equal, as do
 * « Œuvre » and « oeuvre ». Punctuation, apostrophes and hyphens are kept: callers that
 * compare words split or drop them. The SQL side does the same with `search_fold()`
 * (unaccent + lower, migration 003).
 */
const LIGATURES: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss' };

export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/\p{M}+/gu, '')
		.toLowerCase()
		.replace(/[œæß]/g, (c) => LIGATURES[c] ?? c);
}
