/**
 * Headers sent with every response that goes through SvelteKit (files under /_app/ and static
 * files get `X-Content-Type-Options` from server.js, which serves them before the hooks).
 *
 * Pages carry the Content-Security-Policy that SvelteKit writes from `kit.csp`
 * (svelte.config.js: nonces for rendered pages, hashes for prerendered ones); here it gets what
 * depends on the request: who may frame the page, and an online basemap's origin when one is
 * configured. Other responses (API, tiles, exports) run no script and get a policy that
 * allows nothing.
 */

/** Paths whose answers hold personal data or depend on a staff session: never stored. */
const PRIVATE_PATHS = [
	'/contacts',
	'/espace',
	'/moderation',
	'/admin',
	'/compte',
	'/api/v1/contacts'
];

const NO_SCRIPT_POLICY = "default-src 'none'; base-uri 'none'; form-action 'none'";

const under = (pathname: string, prefix: string) =>
	pathname === prefix || pathname.startsWith(prefix + '/');

export function embeddable(pathname: string): boolean {
	return frameAncestorsFor(pathname) === '*';
}

/** Pages that exist only under `vite dev` (src/routes/dev/). */
export function isDevelopmentPath(pathname: string): boolean {
	return under(pathname, '/dev');
}

export function isPrivatePath(pathname: string): boolean {
	return PRIVATE_PATHS.some((prefix) => under(pathname, prefix));
}

/** Sets the security headers on a response, keeping what the route chose where it may. */
export function secureHeaders(
	headers: Headers,
	url: URL,
	{ signedIn, basemapStyleUrl }: { signedIn: boolean; basemapStyleUrl?: string }
) {
	const framed = embeddable(url.pathname);
	const fixed: Record<string, string> = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'strict-origin-when-cross-origin',
		'Permissions-Policy': 'camera=(), microphone=(), geolocation=(self)',
		'Cross-Origin-Opener-Policy': 'same-origin',
		...(framed ? {} : { 'X-Frame-Options': 'DENY' }),
		...(url.protocol === 'https:'
			? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' }
			: {})
	};
	for (const [name, value] of Object.entries(fixed)) {
		if (!headers.has(name)) headers.set(name, value);
	}
	const policy = headers.get('Content-Security-Policy');
	const extra = basemapStyleUrl ? [new URL(basemapStyleUrl).origin, 'https:'] : [];
	headers.set(
		'Content-Security-Policy',
		[
			policy ? withSources(policy, ['img-src', 'connect-src'], extra) : NO_SCRIPT_POLICY,
			`frame-ancestors ${frameAncestorsFor(url.pathname)}`
		].join('; ')
	);
	const type = headers.get('Content-Type');
	if (type && /^text\/html\s*$/i.test(type))
		headers.set('Content-Type', 'text/html; charset=utf-8');
	if (isPrivatePath(url.pathname)) {
		if (!/no-store/i.test(headers.get('Cache-Control') ?? ''))
			headers.set('Cache-Control', 'private, no-store');
	} else if (signedIn && !headers.has('Cache-Control')) {
		headers.set('Cache-Control', 'private, no-store');
	}
}

/** Adds sources to some directives of a policy (a directive may be absent: it is added). */
function withSources(policy: string, directives: string[], sources: string[]): string {
	if (sources.length === 0) return policy;
	const parts = policy
		.split(';')
		.map((part) => part.trim())
		.filter(Boolean);
	for (const directive of directives) {
		const index = parts.findIndex((part) => part.split(/\s+/)[0] === directive);
		if (index === -1) parts.push(`${directive} 'self' ${sources.join(' ')}`);
		else parts[index] += ' ' + sources.join(' ');
	}
	return parts.join('; ');
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
