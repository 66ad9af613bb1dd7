import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compress } from '../../src/lib/server/compression';

const big = JSON.stringify({
	type: 'FeatureCollection',
	features: Array(500).fill({ a: 'école' })
});
const request = (encoding: string) =>
	new Request('http://x/', { headers: { 'Accept-Encoding': encoding } });
const jsonResponse = (body: string, type = 'application/geo+json') =>
	new Response(body, { headers: { 'Content-Type': type } });

describe('compress', () => {
	it('gzips a large JSON body for a client that accepts gzip, keeping the content', async () => {
		const response = await compress(request('gzip, deflate'), jsonResponse(big));
		expect(response.headers.get('Content-Encoding')).toBe('gzip');
		expect(response.headers.get('Vary')).toContain('Accept-Encoding');
		const body = gunzipSync(Buffer.from(await response.arrayBuffer())).toString();
		expect(body).toBe(big);
	});

	it('prefers brotli when accepted', async () => {
		const response = await compress(request('gzip, br'), jsonResponse(big));
		expect(response.headers.get('Content-Encoding')).toBe('br');
		expect(brotliDecompressSync(Buffer.from(await response.arrayBuffer())).toString()).toBe(big);
	});

	it('leaves small bodies, other types and clients without compression alone', async () => {
		expect(
			(await compress(request('gzip'), jsonResponse('{}'))).headers.get('Content-Encoding')
		).toBeNull();
		expect(
			(await compress(request('gzip'), jsonResponse(big, 'text/html'))).headers.get(
				'Content-Encoding'
			)
		).toBeNull();
		const plain = await compress(request(''), jsonResponse(big));
		expect(plain.headers.get('Content-Encoding')).toBeNull();
		expect(await plain.text()).toBe(big);
	});
});
