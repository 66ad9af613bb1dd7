import { resolveArea, type ContactQuery, type ResolvedArea } from './area';
import { record } from './audit';
import { checkLimit } from './limits';
import {
	list,
	summarise,
	type ContactPage,
	type ContactSummary,
	type ListOptions,
	type Viewer
} from './list';

export type LookUp =
	| {
			ok: true;
			area: ResolvedArea;
			page: ContactPage;
			/** Counts by category and commune, when asked for (the page shows them). */
			summary: ContactSummary | null;
	  }
	| {
			ok: false;
			/** 400: the area does not exist or lies outside the region; 429: too many look-ups. */
			status: 400 | 429;
			message: string;
			/** The parameter at fault, for the API's JSON error. */
			parameter?: 'territory' | 'polygon';
			retryAfterSeconds?: number;
	  };

/**
 * One look at the contacts of an area, the same for the page and `/api/v1/contacts`: the area
 * is resolved (a polygon clipped to the region), the viewer's rate limit checked, the page
 * listed (with the summary when asked) and the look-up audited. Callers guard the role.
 */
export async function lookUp(
	viewer: Viewer,
	query: ContactQuery,
	options: Omit<ListOptions, 'total'> & { summary?: boolean } = {}
): Promise<LookUp> {
	const area = await resolveArea(query);
	if (!area.ok)
		return {
			ok: false,
			status: 400,
			message: area.message,
			parameter: query.polygon ? 'polygon' : 'territory'
		};
	const limited = await checkLimit(viewer.id, 'list');
	if (limited)
		return {
			ok: false,
			status: 429,
			message: limited.message,
			retryAfterSeconds: limited.retryAfterSeconds
		};
	const [page, summary] = await Promise.all([
		list(query, viewer, {
			limit: options.limit,
			offset: options.offset,
			cursor: options.cursor
		}),
		options.summary ? summarise(query, viewer) : null
	]);
	await record(viewer.id, 'contacts.list', { query, rows: page.items.length });
	return { ok: true, area: area.value, page, summary };
}
