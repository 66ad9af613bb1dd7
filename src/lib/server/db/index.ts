import { config } from '../config';
import { connect, type Sql } from './connection';

export type { Sql, TransactionSql } from './connection';
export { migrate } from './migrate';

const state = globalThis as unknown as { __cartonumSql?: Sql; __cartonumSqlOpening?: Promise<Sql> };

/**
 * The app's one pool. `sql` can be imported anywhere on the server; it forwards to
 * the pool opened by `open()` (or set by `use()` in tests and scripts).
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
	if (!state.__cartonumSql) throw new Error('Database not opened: call db.open() first');
	return state.__cartonumSql;
}

/** Opens the configured database once per process. */
export function open(): Promise<Sql> {
	if (state.__cartonumSql) return Promise.resolve(state.__cartonumSql);
	state.__cartonumSqlOpening ??= connect({ url: config.databaseUrl, dataDir: config.dataDir })
		.then((pool) => (state.__cartonumSql = pool))
		.finally(() => (state.__cartonumSqlOpening = undefined));
	return state.__cartonumSqlOpening;
}

/** Points `sql` at another pool (tests: a schema of their own). */
export function use(pool: Sql) {
	state.__cartonumSql = pool;
}

export async function close() {
	await state.__cartonumSql?.end({ timeout: 5 });
	state.__cartonumSql = undefined;
}

/** The pool `sql` forwards to now: a key for caches of data that belongs to one database. */
export function currentPool(): Sql {
	return current();
}
