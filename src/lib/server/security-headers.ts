/**
 * Headers sent with every response. The map draws on canvas with workers built from blobs,
 * hence worker-src blob:. Everything is served by the app itself, so the policy stays 'self'
 * unless an online basemap style is configured.
 */
export function securityHeaders(url: URL): Record<string, string> {
	const basemap = process.env.PUBLIC_BASEMAP_STYLE_URL;
	const extra = basemap ? ' ' + new URL(basemap).origin + ' https:' : '';
	const frameAncestors = frameAncestorsFor(url.pathname);
	return {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'strict-origin-when-cross-origin',
		// X-Frame-Options cannot say « anyone »: only pages that no one may frame send it.
		...(frameAncestors === "'none'" ? { 'X-Frame-Options': 'DENY' } : {}),
		'Permissions-Policy': 'camera=(), microphone=(), geolocation=(self)',
		'Cross-Origin-Opener-Policy': 'same-origin',
		...(url.protocol === 'https:' ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
		'Content-Security-Policy': [
			"default-src 'self'",
			"script-src 'self' 'unsafe-inline'",
			"style-src 'self' 'unsafe-inline'",
			`img-src 'self' data: blob:${extra}`,
			"font-src 'self' data:",
			`connect-src 'self'${extra}`,
			"worker-src 'self' blob:",
			`frame-ancestors ${frameAncestors}`,
			"base-uri 'self'",
			"form-action 'self'"
		].join('; ')
	};
}

/** The one page made to be put on other sites (an `<iframe>` built on /integrer). */
export const EMBED_PATH = '/carte/integree';

/**
 * Who may frame a page: anyone for the embeddable map, no one for every other page (its forms
 * and session must never be clickjacked).
 */
export function frameAncestorsFor(pathname: string): '*' | "'none'" {
	return pathname === EMBED_PATH || pathname === `${EMBED_PATH}/` ? '*' : "'none'";
}
