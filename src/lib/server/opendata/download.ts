import type { Fragment } from '../db/fragments';
import { log } from '../log';
import { freshness, notModified } from './freshness';
import { NOTICE_PATH } from './licences';
import { textStream } from './stream';

export interface BulkFile {
	/** File name offered to the browser (also part of the ETag). */
	filename: string;
	contentType: string;
	/** The filters in a canonical text: two requests for the same rows share their ETag. */
	filterKey: string;
	/** The WHERE clause of the rows (alias `s`), to count them and date the file. */
	where: Fragment;
	/** Whether every matching row is in the file, so that `X-Total-Count` tells how many. */
	countRows: boolean;
	/** The file's text, part by part, read as the client reads. */
	parts: () => AsyncIterable<string>;
}

/** A minute, like the API: then a conditional request answers 304 until the data changes. */
const MAX_AGE = 60;

/**
 * A bulk open-data file: 304 when the client's copy is current, otherwise the file streamed
 * (the hook compresses it as a stream too), with its row count, validators and a link to the
 * licence notice.
 */
export async function bulkDownload(request: Request, file: BulkFile): Promise<Response> {
	const fresh = await freshness(file.filename, file.filterKey, file.where);
	const headers = new Headers({
		ETag: fresh.etag,
		'Last-Modified': fresh.lastModified.toUTCString(),
		'Cache-Control': `public, max-age=${MAX_AGE}`,
		'Access-Control-Allow-Origin': '*',
		'Access-Control-Expose-Headers': 'ETag, Last-Modified, Link, X-Total-Count',
		Link: `<${NOTICE_PATH}>; rel="license"`
	});
	if (file.countRows) headers.set('X-Total-Count', String(fresh.total));
	if (notModified(request, fresh)) return new Response(null, { status: 304, headers });
	headers.set('Content-Type', file.contentType);
	headers.set('Content-Disposition', `attachment; filename="${file.filename}"`);
	log.info('opendata.download', {
		file: file.filename,
		filters: file.filterKey,
		rows: fresh.total
	});
	return new Response(textStream(file.parts(), file.filename), { status: 200, headers });
}
