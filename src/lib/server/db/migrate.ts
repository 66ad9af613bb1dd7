import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { log } from '../log';
import type { Sql } from './connection';

export const migrationsDir = resolve(process.env.MIGRATIONS_DIR || 'db/migrations');

/**
 * Applies the numbered SQL files of db/migrations in order, each in its own transaction,
 * recording them in schema_migrations. An advisory lock keeps two app servers from
 * migrating at once.
 */
export async function migrate(sql: Sql, dir = migrationsDir): Promise<string[]> {
	await sql`create extension if not exists postgis with schema public`;
	await sql`create extension if not exists pg_trgm with schema public`;
	await sql`create extension if not exists unaccent with schema public`;
	await sql`create table if not exists schema_migrations (
		name text primary key,
		applied_at timestamptz not null default now()
	)`;
	const files = readdirSync(dir)
		.filter((f) => /^\d+_.+\.sql$/.test(f))
		.sort();
	const applied: string[] = [];
	await sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(hashtext('cartonum.migrate'))`;
		const done = new Set(
			(await tx<{ name: string }[]>`select name from schema_migrations`).map((r) => r.name)
		);
		for (const file of files) {
			if (done.has(file)) continue;
			await tx.unsafe(readFileSync(join(dir, file), 'utf8'));
			await tx`insert into schema_migrations (name) values (${file})`;
			applied.push(file);
		}
	});
	if (applied.length) log.info('db.migrated', { applied });
	return applied;
}
