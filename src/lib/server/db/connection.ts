import postgres from 'postgres';
import { startEmbedded } from './embedded';

export type Sql = postgres.Sql<Record<string, unknown>>;
export type TransactionSql = postgres.TransactionSql<Record<string, unknown>>;

export interface ConnectOptions {
	/** A PostgreSQL URL; unset → the embedded PGlite under dataDir. */
	url?: string;
	dataDir: string;
	/** Schema to work in (tests use one schema per file); PostGIS stays in `public`. */
	schema?: string;
	max?: number;
}

/** Opens a postgres.js pool on the server or on the embedded PGlite. */
export async function connect(options: ConnectOptions): Promise<Sql> {
	const embedded = !options.url;
	const url = options.url ?? (await startEmbedded(options.dataDir)).url;
	return postgres(url, {
		// PGlite is one backend behind the socket: one connection, no named statements
		// that a second client process could collide with.
		max: embedded ? 1 : (options.max ?? 10),
		prepare: !embedded,
		onnotice: () => {},
		connection: {
			application_name: 'cartonum',
			...(options.schema ? { search_path: `${options.schema},public` } : {})
		},
		types: {
			bigint: postgres.BigInt
		}
	}) as unknown as Sql;
}
