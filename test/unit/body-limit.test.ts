import { describe, expect, it } from 'vitest';
import {
	bodyLimit,
	MAX_FORM_BYTES,
	MAX_POLYGON_BYTES,
	readWithin
} from '../../src/lib/server/body-limit';

/** A POST whose body arrives in chunks, without Content-Length (as `Transfer-Encoding: chunked`). */
function chunked(bytes: number, declared?: number): Request {
	const chunk = new Uint8Array(10_000).fill(120);
	let sent = 0;
	const body = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (sent >= bytes) return controller.close();
			const size = Math.min(chunk.length, bytes - sent);
			sent += size;
			controller.enqueue(chunk.subarray(0, size));
		}
	});
	const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
	if (declared !== undefined) headers['content-length'] = String(declared);
	return new Request('http://cartonum.test/espace/inscrire', {
		method: 'POST',
		headers,
		body,
		// @ts-expect-error needed to send a stream
		duplex: 'half'
	});
}

describe('request body limit', () => {
	it('refuses a chunked body larger than the limit while reading it', async () => {
		expect(await readWithin(chunked(300_000), MAX_FORM_BYTES)).toBeNull();
		expect(await readWithin(chunked(MAX_FORM_BYTES + 1), MAX_FORM_BYTES)).toBeNull();
	});

	it('refuses a declared length over the limit without reading', async () => {
		expect(await readWithin(chunked(10, MAX_FORM_BYTES + 1), MAX_FORM_BYTES)).toBeNull();
	});

	it('passes on a body within the limit, whole, with its length', async () => {
		const request = await readWithin(chunked(MAX_FORM_BYTES), MAX_FORM_BYTES);
		expect(request!.headers.get('content-length')).toBe(String(MAX_FORM_BYTES));
		expect((await request!.text()).length).toBe(MAX_FORM_BYTES);
		const get = new Request('http://cartonum.test/');
		expect(await readWithin(get, MAX_FORM_BYTES)).toBe(get);
	});

	it('allows the contacts API a drawn polygon, and every other path a form', () => {
		expect(bodyLimit('/api/v1/contacts')).toBe(MAX_POLYGON_BYTES);
		expect(bodyLimit('/api/v1/contacts/export')).toBe(MAX_POLYGON_BYTES);
		expect(bodyLimit('/espace/inscrire')).toBe(MAX_FORM_BYTES);
		expect(bodyLimit('/api/v1/contactsx')).toBe(MAX_FORM_BYTES);
	});
});
