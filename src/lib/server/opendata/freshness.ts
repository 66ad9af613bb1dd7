import { createHash } from 'node:crypto';
import { sql } from '../db';
import type { Fragment } from '../db/fragments';

/** Bump when a file's columns or rules change: caches must not keep the old layout. */
const FORMAT_VERSION = 1;

export interface Freshness {
	/** Rows matching the filters when the file starts. */
	total: number;
	/** Weak: the compressed and plain bytes differ, the content is the same. */
	etag: string;
	lastModified: Date;
}

/**
 * The validators of a bulk file, from what it is made of: the latest change to any
 * structure or contact (an archived structure leaves the file but is updated), the number of
 * matching rows, and the file and filters asked for. Cheap next to the file itself.
 */
export async function freshness(
	file: string,
	filterKey: string,
	where: Fragment
): Promise<Freshness> {
	const [row] = await sql<{ total: number; modified: Date | null }[]>`
		select (select count(*)::int from structures s where ${where}) as total,
			greatest(
				(select max(updated_at) from structures),
				(select max(updated_at) from contacts)) as modified`;
	const total = row?.total ?? 0;
	const modified = row?.modified ?? new Date(0);
	const digest = createHash('sha256')
		.update(`${FORMAT_VERSION}\n${file}\n${filterKey}\n${total}\n${modified.toISOString()}`)
		.digest('base64url')
		.slice(0, 27);
	// HTTP dates have whole seconds: round up so that If-Modified-Since compares as intended.
	const lastModified = new Date(Math.ceil(modified.getTime() / 1000) * 1000);
	return { total, etag: `W/"${digest}"`, lastModified };
}

/** Whether the client's copy is current (If-None-Match wins over If-Modified-Since). */
export function notModified(request: Request, fresh: Freshness): boolean {
	const match = request.headers.get('if-none-match');
	if (match) {
		const tags = match.split(',').map((t) => t.trim().replace(/^W\//, ''));
		return tags.includes('*') || tags.includes(fresh.etag.replace(/^W\//, ''));
	}
	const since = Date.parse(request.headers.get('if-modified-since') ?? '');
	return Number.isFinite(since) && fresh.lastModified.getTime() <= since;
}
