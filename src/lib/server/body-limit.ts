import { MAX_POLYGON_TEXT_LENGTH } from '../domain/polygon';
import { problem } from './api/responses';

/**
 * Request bodies are read under a limit counted as the bytes arrive: a chunked body has no
 * Content-Length to trust. Forms are a few kilobytes; a drawn polygon sent to the contacts
 * API may reach 400 KB (adapter-node's BODY_SIZE_LIMIT, set in server.js, is that maximum).
 */
export const MAX_FORM_BYTES = 100_000;
export const MAX_POLYGON_BYTES = MAX_POLYGON_TEXT_LENGTH * 2;

export function bodyLimit(pathname: string): number {
	return pathname === '/api/v1/contacts' || pathname.startsWith('/api/v1/contacts/')
		? MAX_POLYGON_BYTES
		: MAX_FORM_BYTES;
}

/**
 * The request with its body read whole, or null when the body is larger than the limit (or
 * could not be read). A request without a body is returned as is. A body over the limit is
 * still drained up to a few times the limit, so that the client reads the 413 rather than a
 * reset connection; beyond that the connection is dropped.
 */
export async function readWithin(request: Request, limit: number): Promise<Request | null> {
	if (!request.body) return request;
	const declared = request.headers.get('content-length');
	if (declared !== null && !(Number(declared) <= limit)) return null;
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			size += value.byteLength;
			if (size <= limit) chunks.push(value);
			else if (size > drainLimit(limit)) {
				await reader.cancel();
				break;
			}
		}
	} catch {
		return null;
	}
	if (size > limit) return null;
	const headers = new Headers(request.headers);
	headers.set('content-length', String(size));
	headers.delete('transfer-encoding');
	return new Request(request.url, {
		method: request.method,
		headers,
		body: Buffer.concat(chunks),
		signal: request.signal
	});
}

const drainLimit = (limit: number) => Math.max(4 * limit, 1_000_000);

/** 413 in French: JSON for the API (its error shape), plain text for the forms. */
export function tooLarge(pathname: string, limit: number): Response {
	const message = `Le contenu envoyé est trop volumineux (${Math.round(limit / 1000)} Ko au plus) : raccourcissez les textes ou simplifiez le contour.`;
	if (pathname.startsWith('/api/'))
		return problem(413, message, { headers: { connection: 'close' } });
	return new Response(message, {
		status: 413,
		headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }
	});
}
