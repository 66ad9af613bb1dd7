import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATEGORY_CODES } from '../../domain/categories';
import type { TransactionSql } from '../db';

/**
 * The versioned mapping category → programmes of db/data/programme-links.json: each rule
 * quotes the roadmap passage that names the category for these programmes.
 */

const categoryCode = z.enum(CATEGORY_CODES as [string, ...string[]]);

const mappingFile = z.object({
	version: z.number().int().positive(),
	source: z.string(),
	role: z.literal('feuille-de-route'),
	rules: z
		.array(
			z.object({
				categories: z.array(categoryCode).min(1),
				programmes: z.array(z.number().int().min(1).max(21)).min(1),
				section: z.string().min(1),
				quote: z.string().min(10)
			})
		)
		.min(1)
});

export type ProgrammeLinkMapping = z.infer<typeof mappingFile>;

export function readProgrammeLinks(dataDir: string): ProgrammeLinkMapping {
	return mappingFile.parse(JSON.parse(readFileSync(join(dataDir, 'programme-links.json'), 'utf8')));
}

/** Distinct (category, programme) pairs of the mapping. */
export function linkPairs(
	mapping: ProgrammeLinkMapping
): { category: string; programme: number }[] {
	const pairs = new Map<string, { category: string; programme: number }>();
	for (const rule of mapping.rules)
		for (const category of rule.categories)
			for (const programme of rule.programmes)
				pairs.set(`${category}:${programme}`, { category, programme });
	return [...pairs.values()];
}

/**
 * Links the given structures to the programmes of their categories with the role
 * 'feuille-de-route'. A link that already exists (whatever its role, e.g. set by a partner)
 * is left alone; links this mapping added earlier and no longer supports are removed.
 */
export async function applyProgrammeLinks(
	tx: TransactionSql,
	mapping: ProgrammeLinkMapping,
	structureIds: string[]
): Promise<{ added: number; removed: number }> {
	if (structureIds.length === 0) return { added: 0, removed: 0 };
	const pairs = JSON.stringify(linkPairs(mapping));
	const ids = JSON.stringify(structureIds);
	const removed = await tx`
		delete from structure_programmes sp
		using structures s
		where sp.structure_id = s.id
			and s.id in (select value::uuid from json_array_elements_text(${ids}::text::json))
			and sp.role = 'feuille-de-route' and sp.source = 'import'
			and not exists (
				select 1 from json_to_recordset(${pairs}::text::json) as m(category text, programme smallint)
				where m.programme = sp.programme_number and m.category = any(s.categories)
			)`;
	const added = await tx`
		insert into structure_programmes (structure_id, programme_number, role, source)
		select distinct s.id, m.programme, 'feuille-de-route', 'import'
		from structures s
		join json_to_recordset(${pairs}::text::json) as m(category text, programme smallint)
			on m.category = any(s.categories)
		where s.id in (select value::uuid from json_array_elements_text(${ids}::text::json))
		on conflict do nothing`;
	return { added: added.count, removed: removed.count };
}
