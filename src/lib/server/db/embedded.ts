import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { log } from '../log';

/**
 * The embedded default: PGlite with PostGIS in this process, served over the
 * PostgreSQL wire protocol so that the app always talks postgres.js.
 *
 * PGlite opens its data directory from one process only. The process that owns it
 * writes `pglite.json` (pid and port) so that a second process (e.g. `npm run db:import`
 * while `npm run dev` runs) connects to the running instance instead of opening the
 * directory twice.
 */
export interface EmbeddedServer {
	url: string;
	owned: boolean;
	stop(): Promise<void>;
}

const state = globalThis as unknown as { __cartonumEmbedded?: Promise<EmbeddedServer> };

export function startEmbedded(dataDir: string): Promise<EmbeddedServer> {
	if (!state.__cartonumEmbedded) {
		state.__cartonumEmbedded = open(dataDir).catch((error) => {
			// A failed start is not cached: the next request tries again.
			state.__cartonumEmbedded = undefined;
			log.error('embedded.start_failed', { dataDir, error: String(error) });
			throw error;
		});
	}
	return state.__cartonumEmbedded;
}

async function open(dataDir: string): Promise<EmbeddedServer> {
	mkdirSync(dataDir, { recursive: true });
	const lockFile = join(dataDir, 'pglite.json');
	const running = await runningInstance(lockFile);
	if (running) {
		log.info('embedded.attach', { port: running.port, pid: running.pid });
		return { url: urlFor(running.port), owned: false, stop: async () => {} };
	}

	const pgdata = join(dataDir, 'pgdata');
	const firstStart = !existsSync(join(pgdata, 'PG_VERSION'));
	const started = Date.now();
	log.info('embedded.starting', {
		pgdata,
		note: firstStart
			? 'first start: creating the database and loading PostGIS (about 20 s)'
			: 'opening the database (about 5 s)'
	});
	const [{ PGlite }, { postgis }, { pg_trgm }, { unaccent }, { PGLiteSocketServer }] =
		await Promise.all([
			import('@electric-sql/pglite'),
			import('@electric-sql/pglite-postgis'),
			import('@electric-sql/pglite/contrib/pg_trgm'),
			import('@electric-sql/pglite/contrib/unaccent'),
			import('@electric-sql/pglite-socket')
		]);
	const pg = await PGlite.create({ dataDir: pgdata, extensions: { postgis, pg_trgm, unaccent } });
	await pg.exec(
		'create extension if not exists postgis; create extension if not exists pg_trgm; create extension if not exists unaccent;'
	);
	const server = new PGLiteSocketServer({ db: pg, host: '127.0.0.1', port: 0, maxConnections: 32 });
	await server.start();
	const port = Number(server.getServerConn().split(':').pop());
	writeFileSync(lockFile, JSON.stringify({ pid: process.pid, port }));
	log.info('embedded.ready', { port, ms: Date.now() - started });

	const stop = async () => {
		await server.stop();
		await pg.close();
		rmSync(lockFile, { force: true });
		state.__cartonumEmbedded = undefined;
	};
	process.once('exit', () => rmSync(lockFile, { force: true }));
	return { url: urlFor(port), owned: true, stop };
}

function urlFor(port: number) {
	return `postgres://postgres@127.0.0.1:${port}/postgres`;
}

async function runningInstance(lockFile: string): Promise<{ pid: number; port: number } | null> {
	if (!existsSync(lockFile)) return null;
	try {
		const { pid, port } = JSON.parse(readFileSync(lockFile, 'utf8')) as {
			pid: number;
			port: number;
		};
		if (pid === process.pid) return null;
		process.kill(pid, 0);
		if (await portAnswers(port)) return { pid, port };
	} catch {
		// Stale lock file: its process is gone.
	}
	return null;
}

function portAnswers(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}
