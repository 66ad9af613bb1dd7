import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATEGORIES } from '../../domain/categories';
import type { TransactionSql } from '../db';
import { DATASETS } from './datasets';

const programmesFile = z.object({
	axes: z.array(
		z.object({
			code: z.string(),
			kind: z.string(),
			number: z.number().int(),
			title: z.string(),
			partners: z.array(z.string())
		})
	),
	programmes: z.array(
		z.object({
			number: z.number().int(),
			axis: z.string(),
			title: z.string(),
			summary: z.string(),
			actions: z.array(z.string()).optional()
		})
	)
});

export interface ReferenceReport {
	categories: number;
	axes: number;
	programmes: number;
	datasets: number;
}

/**
 * Categories, axes, programmes and datasets: idempotent upserts from the code and db/data.
 * Unchanged rows are not rewritten (their update triggers refresh search documents).
 */
export async function importReference(
	sql: TransactionSql,
	dataDir: string
): Promise<ReferenceReport> {
	const { axes, programmes } = programmesFile.parse(
		JSON.parse(readFileSync(join(dataDir, 'programmes.json'), 'utf8'))
	);
	const categories = CATEGORIES.map((c, index) => ({
		code: c.code,
		label: c.label,
		label_plural: c.plural,
		color: c.color,
		sort: index + 1
	}));
	await sql`
		insert into categories (code, label, label_plural, color, sort)
		select code, label, label_plural, color, sort
		from json_to_recordset(${JSON.stringify(categories)}::text::json)
			as x(code text, label text, label_plural text, color text, sort smallint)
		on conflict (code) do update set label = excluded.label, label_plural = excluded.label_plural,
			color = excluded.color, sort = excluded.sort
		where (categories.label, categories.label_plural, categories.color, categories.sort)
			is distinct from (excluded.label, excluded.label_plural, excluded.color, excluded.sort)`;
	await sql`
		insert into axes (code, kind, number, title, partners)
		select code, kind, number, title, array(select json_array_elements_text(partners))
		from json_to_recordset(${JSON.stringify(axes)}::text::json)
			as x(code text, kind text, number smallint, title text, partners json)
		on conflict (code) do update set kind = excluded.kind, number = excluded.number,
			title = excluded.title, partners = excluded.partners
		where (axes.kind, axes.number, axes.title, axes.partners)
			is distinct from (excluded.kind, excluded.number, excluded.title, excluded.partners)`;
	await sql`
		insert into programmes (number, axis_code, title, summary, actions)
		select number, axis, title, summary, array(select json_array_elements_text(coalesce(actions, '[]')))
		from json_to_recordset(${JSON.stringify(programmes)}::text::json)
			as x(number smallint, axis text, title text, summary text, actions json)
		on conflict (number) do update set axis_code = excluded.axis_code, title = excluded.title,
			summary = excluded.summary, actions = excluded.actions
		where (programmes.axis_code, programmes.title, programmes.summary, programmes.actions)
			is distinct from (excluded.axis_code, excluded.title, excluded.summary, excluded.actions)`;
	await upsertDatasets(sql);
	return {
		categories: categories.length,
		axes: axes.length,
		programmes: programmes.length,
		datasets: DATASETS.length
	};
}

export async function upsertDatasets(sql: TransactionSql) {
	await sql`
		insert into datasets (id, title, publisher, licence, licence_url, source_url, attribution, data_date, notes)
		select id, title, publisher, licence, licence_url, source_url, attribution, data_date, notes
		from json_to_recordset(${JSON.stringify(DATASETS)}::text::json)
			as x(id text, title text, publisher text, licence text, licence_url text, source_url text,
				attribution text, data_date text, notes text)
		on conflict (id) do update set title = excluded.title, publisher = excluded.publisher,
			licence = excluded.licence, licence_url = excluded.licence_url, source_url = excluded.source_url,
			attribution = excluded.attribution, data_date = excluded.data_date, notes = excluded.notes
		where (datasets.title, datasets.publisher, datasets.licence, datasets.licence_url,
				datasets.source_url, datasets.attribution, datasets.data_date, datasets.notes)
			is distinct from (excluded.title, excluded.publisher, excluded.licence, excluded.licence_url,
				excluded.source_url, excluded.attribution, excluded.data_date, excluded.notes)`;
}
