import { AsyncLocalStorage } from 'node:async_hooks';
import { config } from '../config';
import { connect, type Sql } from './connection';

export type { Sql, TransactionSql } from './connection';
export { migrate } from './migrate';

const state = globalThis as unknown as {
	__cartonumSql?: Sql;
	__cartonumSqlOpening?: Promise<Sql>;
	/** The read replica's pool (`DATABASE_READ_URL`), when one is configured. */
	__cartonumReadSql?: Sql;
	/** Which pool the code running now reads from (shared by every copy of this module). */
	__cartonumScope?: AsyncLocalStorage<'read' | 'primary'>;
};
const scope = (state.__cartonumScope ??= new AsyncLocalStorage());

/**
 * The app's pool. `sql` can be imported anywhere on the server; it forwards to the pool
 * opened by `open()` (or set by `use()` in tests and scripts), or, inside `reading()`, to the
 * read replica's pool when `DATABASE_READ_URL` is set.
 */
export const sql: Sql = new Proxy(function () {} as unknown as Sql, {
	apply(_target, _this, args) {
		return (current() as unknown as (...a: unknown[]) => unknown)(...args);
	},
	get(_target, property) {
		const target = current() as unknown as Record<PropertyKey, unknown>;
		const value = target[property];
		return typeof value === 'function'
			? (value as (...a: unknown[]) => unknown).bind(target)
			: value;
	}
});

function current(): Sql {
	if (scope.getStore() === 'read' && state.__cartonumReadSql) return state.__cartonumReadSql;
	if (!state.__cartonumSql) throw new Error('Database not opened: call db.open() first');
	return state.__cartonumSql;
}

/**
 * Runs `work` with `sql` pointed at the read replica (`DATABASE_READ_URL`; the primary when
 * none is set): the public API's reads and the tiles. Writes inside must go through
 * `primary()`: a replica refuses them.
 */
export function reading<T>(work: () => T): T {
	return scope.run('read', work);
}

/** Runs `work` with `sql` pointed at the primary, even inside `reading()` (rate-limit counters). */
export function primary<T>(work: () => T): T {
	return scope.run('primary', work);
}

/** Opens the configured database once per process, and the read replica's pool if any. */
export function open(): Promise<Sql> {
	if (state.__cartonumSql) return Promise.resolve(state.__cartonumSql);
	state.__cartonumSqlOpening ??= connect({ url: config.databaseUrl, dataDir: config.dataDir })
		.then(async (pool) => {
			if (config.databaseReadUrl && !state.__cartonumReadSql)
				state.__cartonumReadSql = await connect({
					url: config.databaseReadUrl,
					dataDir: config.dataDir
				});
			return (state.__cartonumSql = pool);
		})
		.finally(() => (state.__cartonumSqlOpening = undefined));
	return state.__cartonumSqlOpening;
}

/** Points `sql` at another pool (tests: a schema of their own). */
export function use(pool: Sql) {
	state.__cartonumSql = pool;
}

export async function close() {
	await state.__cartonumReadSql?.end({ timeout: 5 });
	state.__cartonumReadSql = undefined;
	await state.__cartonumSql?.end({ timeout: 5 });
	state.__cartonumSql = undefined;
}

/** The pool `sql` forwards to now: a key for caches of data that belongs to one database. */
export function currentPool(): Sql {
	return current();
}
