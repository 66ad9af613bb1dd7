import { config } from '$lib/server/config';
import type { RequestHandler } from './$types';

/** RFC 9116: where to report a vulnerability. Expires is kept six months ahead. */
export const GET: RequestHandler = ({ url }) => {
	const expires = new Date(Date.now() + 182 * 24 * 60 * 60 * 1000);
	expires.setUTCHours(0, 0, 0, 0);
	const contact = config.securityContact.includes(':')
		? config.securityContact
		: `mailto:${config.securityContact}`;
	return new Response(
		[
			`Contact: ${contact}`,
			`Expires: ${expires.toISOString()}`,
			'Preferred-Languages: fr, en',
			`Canonical: ${url.origin}/.well-known/security.txt`,
			''
		].join('\n'),
		{
			headers: {
				'content-type': 'text/plain; charset=utf-8',
				'cache-control': 'public, max-age=86400'
			}
		}
	);
};
