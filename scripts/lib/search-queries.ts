import type { Sql } from '../../src/lib/server/db';

/**
 * The rotating list of synthetic search queries the search benchmarks share (bench:search on
 * a synthetic set, bench:scale): misspelt names, kinds of places, the communes holding the most
 * structures, UAI codes, then filters (territory, category, box, nearest point, programme).
 */
export async function syntheticSearchQueries(sql: Sql): Promise<string[]> {
	const communes = await sql<{ name: string }[]>`
		select c.name from territories c
		join (select commune_code, count(*) as n from structures group by 1 order by 2 desc limit 12) x
			on x.commune_code = c.insee_code and c.kind = 'commune'
		order by x.n desc, c.name`;
	const codes = await sql<{ value: string }[]>`
		select value from structure_identifiers where scheme = 'uai' order by value limit 6`;
	const texts = [
		'colege victor hugo',
		'lycee jules feri',
		'lycée pro jean moulin',
		'ecole maternelle louis pasteur',
		'france services',
		'epn',
		'fab lab',
		'tiers lieu',
		'laboratoire informatique',
		'universite',
		'clg marie curie',
		'mediatheque',
		...communes.flatMap((c) => [`college ${c.name}`, `fablab ${c.name}`]),
		...codes.map((c) => c.value)
	];
	const dep = (i: number) => `dep%3A${String(10 + (i % 80)).padStart(2, '0')}`;
	return [
		...texts.map((q) => new URLSearchParams({ q }).toString()),
		...texts.slice(0, 8).map((q, i) => `${new URLSearchParams({ q })}&territory=${dep(i)}`),
		'q=&category=college&territory=dep%3A33',
		'q=coll%C3%A8ge&bbox=2.0,48.5,2.8,49.0',
		'q=&near=2.35,48.85&limit=10',
		'q=%C3%A9cole&near=4.83,45.76',
		'q=&programme=6',
		'q='
	];
}
