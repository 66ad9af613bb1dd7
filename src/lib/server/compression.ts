import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';
import { brotliCompress, constants, createBrotliCompress, createGzip, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const COMPRESSIBLE = /^(application\/(json|geo\+json)|text\/csv)\b/;
const MIN_BYTES = 1024;

/**
 * Compresses dynamic responses (the map's GeoJSON of the region is ~450 KB as text, ~60 KB
 * compressed). Only API bodies: pages stream, static assets are compressed at build time by
 * the adapter, and tiles compress themselves. Files to download (`Content-Disposition`) are
 * compressed as they stream, never held whole in memory.
 */
export async function compress(request: Request, response: Response): Promise<Response> {
	if (response.headers.has('Content-Encoding') || !response.body) return response;
	const type = response.headers.get('Content-Type') ?? '';
	if (!COMPRESSIBLE.test(type)) return response;
	const accepted = request.headers.get('Accept-Encoding') ?? '';
	const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : null;
	if (!encoding) return response;
	const headers = new Headers(response.headers);
	headers.append('Vary', 'Accept-Encoding');
	if (headers.has('Content-Disposition')) return compressStream(response, headers, encoding);
	const body = Buffer.from(await response.arrayBuffer());
	if (body.length < MIN_BYTES) return new Response(body, { status: response.status, headers });
	const compressed =
		encoding === 'br'
			? await brotli(body, {
					params: {
						[constants.BROTLI_PARAM_QUALITY]: 4,
						[constants.BROTLI_PARAM_SIZE_HINT]: body.length
					}
				})
			: await gzipAsync(body, { level: 6 });
	headers.set('Content-Encoding', encoding);
	headers.set('Content-Length', String(compressed.length));
	return new Response(compressed, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}

function compressStream(response: Response, headers: Headers, encoding: 'br' | 'gzip'): Response {
	const compressor =
		encoding === 'br'
			? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })
			: createGzip({ level: 6 });
	const source = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
	// A failed source (the database went away mid-file) must cut the download, not end it.
	source.on('error', (error) => compressor.destroy(error));
	headers.set('Content-Encoding', encoding);
	headers.delete('Content-Length');
	return new Response(Readable.toWeb(source.pipe(compressor)) as unknown as ReadableStream, {
		status: response.status,
		statusText: response.statusText,
		headers
	});
}
