import { CATEGORY_CODES, category } from '../../domain/categories';
import { sql } from '../db';
import type { FacetCounts, FacetValue, SearchFacets } from './types';

/**
 * Names for facet values. Programme titles and territory names change rarely (with an
 * import), so they are kept per process for ten minutes; a value not yet known is looked up
 * (and nothing missing is cached).
 */
const known = new Map<string, string>();
const KEEP_MS = 600_000;
let since = Date.now();

async function names(keys: string[]): Promise<Map<string, string>> {
	if (Date.now() - since > KEEP_MS) {
		known.clear();
		since = Date.now();
	}
	const missing = keys.filter((k) => !known.has(k));
	if (missing.length) {
		const rows = await sql<{ key: string; name: string }[]>`
			select 'programme:' || number as key, title as name from programmes
			where 'programme:' || number = any(${missing}::text[])
			union all
			select kind || ':' || insee_code, name from territories
			where kind in ('departement', 'commune') and kind || ':' || insee_code = any(${missing}::text[])`;
		for (const { key, name } of rows) known.set(key, name);
	}
	return known;
}

export async function labelFacets(counts: FacetCounts): Promise<SearchFacets> {
	const keys = [
		...[...counts.programme.keys()].map((k) => `programme:${k}`),
		...[...counts.departement.keys()].map((k) => `departement:${k}`),
		...[...counts.commune.keys()].map((k) => `commune:${k}`)
	];
	const found = keys.length ? await names(keys) : known;
	const values = (kind: string, map: Map<string, number>): FacetValue[] =>
		[...map].map(([value, count]) => ({
			value,
			label: found.get(`${kind}:${value}`) ?? value,
			count
		}));
	const byCount = (a: FacetValue, b: FacetValue) =>
		b.count - a.count || a.label.localeCompare(b.label, 'fr');
	return {
		category: [...counts.category]
			.filter(([value]) => category(value))
			.map(([value, count]) => ({ value, label: category(value)!.label, count }))
			.sort(
				(a, b) =>
					CATEGORY_CODES.indexOf(a.value as never) - CATEGORY_CODES.indexOf(b.value as never)
			),
		programme: values('programme', counts.programme).sort(
			(a, b) => Number(a.value) - Number(b.value)
		),
		departement: values('departement', counts.departement).sort((a, b) =>
			a.value.localeCompare(b.value)
		),
		commune: values('commune', counts.commune).sort(byCount)
	};
}
