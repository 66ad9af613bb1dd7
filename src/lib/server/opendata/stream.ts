import { log } from '../log';

/** Rows per query of a bulk file: enough to amortise the round trip, small in memory. */
export const PAGE_SIZE = 1000;

/**
 * Every row the query gives, one page after the other in `id` order (keyset pagination).
 * Each page is its own short query: a slow download never holds a database connection (the
 * embedded PGlite has only one), and memory holds one page whatever the file's size.
 */
export async function* pages<Row extends { id: string }>(
	page: (after: string | null, limit: number) => Promise<Row[]>,
	size = PAGE_SIZE
): AsyncGenerator<Row[]> {
	let after: string | null = null;
	for (;;) {
		const rows = await page(after, size);
		if (rows.length) yield rows;
		if (rows.length < size) return;
		after = rows[rows.length - 1]!.id;
	}
}

/**
 * A byte stream pulled by the client: the next text part is produced only when the previous
 * one was read (constant memory however slow the client), and a failure cuts the download
 * instead of ending it as if complete.
 */
export function textStream(parts: AsyncIterable<string>, name: string): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	const iterator = parts[Symbol.asyncIterator]();
	return new ReadableStream<Uint8Array>(
		{
			async pull(controller) {
				try {
					const next = await iterator.next();
					if (next.done) controller.close();
					else controller.enqueue(encoder.encode(next.value));
				} catch (error) {
					log.error('opendata.stream', { file: name, error: String(error) });
					controller.error(error);
				}
			},
			async cancel() {
				await iterator.return?.();
			}
		},
		{ highWaterMark: 0 }
	);
}
