import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { TransactionSql } from '../db';
import type { Identifier, StructureRecord } from './types';

/**
 * The curated lifecycle of db/data/lifecycle.json (mergers, renamings, closures, checked
 * establishments) applied to the records of a run, then written to the structures: lifecycle
 * state and date, successor, former names and aliases. A merged structure is archived; its
 * name and aliases go to its successor, whose look-ups its identifiers lead to.
 */

const identifier = z.object({
	scheme: z.string().regex(/^[a-z][a-z0-9-]*$/),
	value: z.string().min(1).max(100)
});
const source = z.object({ title: z.string().min(10), url: z.string().url() });
const base = {
	id: z.string().regex(/^[a-z0-9-]+$/),
	dataset: z.string().min(1),
	structure: identifier,
	date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
	note: z.string().min(10),
	aliases: z.array(z.string().min(1)).optional(),
	source
};

const entry = z.discriminatedUnion('event', [
	z.object({ ...base, event: z.literal('merged'), successor: identifier }),
	z.object({ ...base, event: z.literal('renamed'), new_name: z.string().min(1).max(300) }),
	z.object({ ...base, event: z.literal('closed') }),
	z.object({ ...base, event: z.literal('active') })
]);

const lifecycleFile = z.object({
	version: z.number().int().positive(),
	description: z.string(),
	entries: z.array(entry)
});

export type LifecycleFile = z.infer<typeof lifecycleFile>;
export type LifecycleEntry = LifecycleFile['entries'][number];

export function readLifecycle(dataDir: string): LifecycleFile {
	return lifecycleFile.parse(JSON.parse(readFileSync(join(dataDir, 'lifecycle.json'), 'utf8')));
}

const key = (i: Identifier) => `${i.scheme}:${i.value}`;

/** Applies the entries naming each record (by dataset and identifier) to the record itself. */
export function applyLifecycleEntries(records: StructureRecord[], file: LifecycleFile): void {
	const byKey = new Map(file.entries.map((e) => [`${e.dataset}|${key(e.structure)}`, e]));
	for (const record of records) {
		const found = record.identifiers
			.map((i) => byKey.get(`${record.datasetId}|${key(i)}`))
			.find((e) => e !== undefined);
		if (!found) continue;
		const note = `${found.note} Source : ${found.source.title} (${found.source.url}).`;
		record.aliases = [...new Set([...(record.aliases ?? []), ...(found.aliases ?? [])])];
		switch (found.event) {
			case 'merged':
				record.status = 'archived';
				record.lifecycle = { state: 'merged', date: found.date, note, successor: found.successor };
				break;
			case 'closed':
				record.status = 'closed';
				record.lifecycle = { state: 'closed', date: found.date, note };
				break;
			case 'renamed':
				record.formerNames = [...new Set([...(record.formerNames ?? []), record.name])];
				record.name = found.new_name;
				record.status = 'published';
				record.lifecycle = { state: 'active', date: found.date, note };
				break;
			case 'active':
				record.status = 'published';
				record.lifecycle = { state: 'active', date: found.date, note };
				break;
		}
	}
}

interface LifecycleRow {
	id: string;
	state: string;
	date: string | null;
	note: string | null;
	successor_scheme: string | null;
	successor_value: string | null;
	aliases: string[];
	former_names: string[];
}

/**
 * Writes the lifecycle of the run's structures, then gives each successor the names and
 * aliases of the structures merged into it. Only rows whose values change are written (the
 * search outbox follows every write), so a second run changes nothing.
 */
export async function writeLifecycle(
	tx: TransactionSql,
	outcomes: { record: StructureRecord; id: string }[]
): Promise<{ merged: number }> {
	if (outcomes.length === 0) return { merged: 0 };
	const rows: LifecycleRow[] = outcomes.map(({ record, id }) => {
		const state = record.lifecycle?.state ?? (record.status === 'closed' ? 'closed' : 'active');
		return {
			id,
			state,
			date: record.lifecycle?.date ?? null,
			note: record.lifecycle?.note ?? null,
			successor_scheme: record.lifecycle?.successor?.scheme ?? null,
			successor_value: record.lifecycle?.successor?.value ?? null,
			aliases: record.aliases ?? [],
			former_names: record.formerNames ?? []
		};
	});
	const json = JSON.stringify(rows);
	await tx`
		with x as (
			select x.id, x.state, x.date::date as date, x.note,
				(select i.structure_id from structure_identifiers i
					where i.scheme = x.successor_scheme and i.value = x.successor_value) as successor_id,
				array(select json_array_elements_text(x.aliases)) as aliases,
				array(select json_array_elements_text(x.former_names)) as former_names
			from json_to_recordset(${json}::text::json) as x(id uuid, state text, date text, note text,
				successor_scheme text, successor_value text, aliases json, former_names json)
		)
		update structures s set lifecycle = x.state, lifecycle_date = x.date,
			lifecycle_note = x.note, successor_id = x.successor_id,
			aliases = array(select distinct a from unnest(s.aliases || x.aliases) a order by a),
			former_names = array(select distinct n from unnest(s.former_names || x.former_names) n order by n)
		from x
		where s.id = x.id and (s.lifecycle, s.lifecycle_date, s.lifecycle_note, s.successor_id,
				s.aliases, s.former_names)
			is distinct from (x.state, x.date, x.note, x.successor_id,
				array(select distinct a from unnest(s.aliases || x.aliases) a order by a),
				array(select distinct n from unnest(s.former_names || x.former_names) n order by n))`;
	// Successors inherit the names (current and former) and aliases of what merged into them.
	const merged = await tx<{ id: string }[]>`
		with p as (
			select p.successor_id as id,
				array_agg(distinct n) filter (where n is not null) as names,
				array_agg(distinct a) filter (where a is not null) as aliases
			from structures p
			left join lateral unnest(array[p.name] || p.former_names) n on true
			left join lateral unnest(p.aliases) a on true
			where p.successor_id is not null and p.lifecycle = 'merged'
				and p.id in (select value::uuid from json_array_elements_text(${JSON.stringify(
					outcomes.map((o) => o.id)
				)}::text::json))
			group by p.successor_id
		)
		update structures s set
			former_names = array(select distinct n from unnest(s.former_names || coalesce(p.names, '{}')) n order by n),
			aliases = array(select distinct a from unnest(s.aliases || coalesce(p.aliases, '{}')) a order by a)
		from p
		where s.id = p.id and (s.former_names, s.aliases) is distinct from (
			array(select distinct n from unnest(s.former_names || coalesce(p.names, '{}')) n order by n),
			array(select distinct a from unnest(s.aliases || coalesce(p.aliases, '{}')) a order by a))
		returning s.id`;
	return { merged: merged.length };
}
