import type { FeatureCollection, Point } from 'geojson';
import type { SessionUser } from '$lib/server/auth';
import * as contacts from '$lib/server/contacts';

/** Rows shown on the page; the exports carry everything. */
export const PAGE_ROWS = 1000;

export type Results =
	| {
			ok: true;
			area: contacts.ResolvedArea;
			items: contacts.ContactStructure[];
			total: number;
			summary: contacts.ContactSummary;
			features: FeatureCollection<Point, { id: string; name: string; category: string }>;
	  }
	| { ok: false; message: string; limited?: boolean };

/** One look at the contacts of an area: rate-limited, listed, counted and audited. */
export async function lookUp(
	user: SessionUser,
	query: contacts.ContactQuery,
	label?: string
): Promise<Results> {
	const area = await contacts.resolveArea(query);
	if (!area.ok) return { ok: false, message: area.message };
	const limited = await contacts.checkLimit(user.id, 'list');
	if (limited) return { ok: false, message: limited.message, limited: true };
	const [page, summary] = await Promise.all([
		contacts.list(query, user, { limit: PAGE_ROWS }),
		contacts.summarise(query, user)
	]);
	await contacts.record(user.id, 'contacts.list', { query, rows: page.items.length });
	return {
		ok: true,
		area: label ? { ...area.value, label } : area.value,
		items: page.items,
		total: page.total,
		summary,
		features: {
			type: 'FeatureCollection',
			features: page.items.map((s) => ({
				type: 'Feature',
				geometry: s.geometry,
				properties: { id: s.id, name: s.name, category: s.categories[0] ?? '' }
			}))
		}
	};
}
