import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/lib/server/db/migrate';
import { freshDatabase } from '../helpers/database';

describe('migrations', () => {
	it('creates the model with PostGIS columns and applies nothing twice', async () => {
		const sql = await freshDatabase();
		const [row] = await sql<{ type: string }[]>`
			select type from geometry_columns where f_table_name = 'structures' and f_geometry_column = 'geom'
			and f_table_schema = current_schema()`;
		expect(row?.type).toBe('POINT');
		expect(await migrate(sql)).toEqual([]);
	});

	it('enqueues a structure for search in the same transaction as its change', async () => {
		const sql = await freshDatabase();
		await sql`insert into categories (code, label, label_plural, color, sort) values ('ecole', 'École', 'Écoles', '#000', 1)`;
		const [s] = await sql<{ id: string }[]>`
			insert into structures (slug, name, category, categories, geom, source)
			values ('a', 'A', 'ecole', '{ecole}', ST_SetSRID(ST_MakePoint(5, 47), 4326), 'test') returning id`;
		const rows = await sql`select operation from search_outbox where structure_id = ${s!.id}`;
		expect(rows.map((r) => r.operation)).toEqual(['upsert']);
	});
});
