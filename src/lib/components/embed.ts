/**
 * The embeddable map: its route (the only page other sites may frame, see
 * src/lib/server/security-headers.ts) and the `<iframe>` snippet /integrer builds for it.
 */
export const EMBED_ROUTE = '/carte/integree';

/** Widths offered for the frame: the host page's full width, or fixed sizes. */
export const EMBED_WIDTHS = ['100%', '800', '640', '400'] as const;
export type EmbedWidth = (typeof EMBED_WIDTHS)[number];
export const MIN_EMBED_HEIGHT = 300;
export const MAX_EMBED_HEIGHT = 1200;
export const DEFAULT_EMBED_HEIGHT = 500;
export const DEFAULT_EMBED_TITLE = 'Carte des acteurs du numérique éducatif (Cartonum)';

/** Characters that end or break an HTML attribute value. */
const escapeAttribute = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface EmbedSnippet {
	src: string;
	width: EmbedWidth;
	height: number;
	title: string;
}

/** The HTML to paste on another site: a titled, lazily loaded frame, no access to its parent. */
export function iframeSnippet({ src, width, height, title }: EmbedSnippet): string {
	const w = width === '100%' ? '100%' : `${width}`;
	return (
		`<iframe src="${escapeAttribute(src)}" title="${escapeAttribute(title)}" ` +
		`width="${w}" height="${height}" style="border: 1px solid #ddd; max-width: 100%" ` +
		`loading="lazy" referrerpolicy="no-referrer"></iframe>`
	);
}
