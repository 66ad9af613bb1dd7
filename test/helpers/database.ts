import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';
import * as db from '../../src/lib/server/db';
import { connect, type Sql } from '../../src/lib/server/db/connection';
import { migrate } from '../../src/lib/server/db/migrate';

/**
 * A fresh, migrated schema on real PostGIS for the calling test file, set as the app's
 * `sql`. Dropped after the file.
 */
export async function freshDatabase(): Promise<Sql> {
	const url = inject('databaseUrl');
	const schema = `test_${randomBytes(6).toString('hex')}`;
	const admin = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
	await admin.unsafe(`create schema ${schema}`);
	await admin.end();
	const embedded = !process.env.TEST_DATABASE_URL;
	const sql = await connect({ url, dataDir: '', schema, max: embedded ? 1 : 4 });
	// PGlite's socket ignores the startup search_path; its single backend keeps a SET instead.
	if (embedded) await sql.unsafe(`set search_path to ${schema}, public`);
	await migrate(sql);
	db.use(sql);
	afterAll(async () => {
		await sql.unsafe(`drop schema ${schema} cascade`);
		await sql.end();
	});
	return sql;
}
