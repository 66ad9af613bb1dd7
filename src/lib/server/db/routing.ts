import { config } from '../config';

/**
 * Which requests read from the replica (`DATABASE_READ_URL`): the public API's reads and the
 * tiles, GET or HEAD. The contacts API stays on the primary: it writes its audit log.
 */
export function readsFromReplica(method: string, pathname: string): boolean {
	if (method !== 'GET' && method !== 'HEAD') return false;
	if (pathname.startsWith('/tiles/')) return true;
	return pathname.startsWith('/api/v1/') && !pathname.startsWith('/api/v1/contacts');
}

/**
 * A read-only process (`READ_ONLY=true`, on a replica) refuses what could write, with a clear
 * French message and no change: the proxy should send those requests to the primary's processes.
 */
export function readOnlyRefusal(method: string): Response | null {
	if (!config.readOnly || method === 'GET' || method === 'HEAD') return null;
	return new Response(
		'Ce serveur ne fait que des lectures : réessayez dans un instant, la demande sera adressée à un autre serveur.',
		{
			status: 503,
			headers: { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '1' }
		}
	);
}
