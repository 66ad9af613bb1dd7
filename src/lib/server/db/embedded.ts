import { randomBytes } from 'node:crypto';
import {
	chmodSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { log } from '../log';
import { openPasswordGate } from './password-gate';

/**
 * The embedded default: PGlite with PostGIS in this process, served over the
 * PostgreSQL wire protocol so that the app always talks postgres.js.
 *
 * PGlite opens its data directory from one process only. The process that owns it
 * writes `pglite.json` (pid, port and password) so that a second process (e.g.
 * `npm run db:import` while `npm run dev` runs) connects to the running instance instead of
 * opening the directory twice.
 *
 * PGlite's socket server trusts every client, so it listens on a Unix socket in a private
 * folder (0700) and the only TCP port is a gate that asks for a password drawn at each start.
 * That password lives in `pglite.json`, readable by the owner only (0600), in a data
 * directory kept at 0700: other users of the machine can neither connect nor read the files.
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

interface Lock {
	pid: number;
	port: number;
	password: string;
}

async function open(dataDir: string): Promise<EmbeddedServer> {
	mkdirSync(dataDir, { recursive: true, mode: 0o700 });
	const lockFile = join(dataDir, 'pglite.json');
	const running = await runningInstance(lockFile);
	if (running) {
		log.info('embedded.attach', { port: running.port, pid: running.pid });
		return { url: urlFor(running), owned: false, stop: async () => {} };
	}
	keepPrivate(dataDir);

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
	const socketDir = mkdtempSync(join(tmpdir(), 'cartonum-pglite-'));
	const server = new PGLiteSocketServer({
		db: pg,
		path: join(socketDir, '.s.PGSQL.5432'),
		maxConnections: 32
	});
	await server.start();
	const password = randomBytes(24).toString('base64url');
	const gate = await openPasswordGate({ upstream: server.getServerConn(), password });
	const lock: Lock = { pid: process.pid, port: gate.port, password };
	writePrivate(lockFile, JSON.stringify(lock));
	log.info('embedded.ready', { port: gate.port, ms: Date.now() - started });

	const cleanUp = () => {
		rmSync(lockFile, { force: true });
		rmSync(socketDir, { recursive: true, force: true });
	};
	const stop = async () => {
		await gate.close();
		// PGlite must outlive the socket handlers, which roll back open transactions on close.
		for (let i = 0; i < 100 && server.getStats().activeConnections > 0; i++)
			await new Promise((resolve) => setTimeout(resolve, 10));
		await server.stop();
		await pg.close();
		cleanUp();
		state.__cartonumEmbedded = undefined;
	};
	process.once('exit', cleanUp);
	return { url: urlFor(lock), owned: true, stop };
}

function urlFor({ port, password }: Lock) {
	return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** The database files and the password are the owner's alone, as PostgreSQL itself demands. */
function keepPrivate(dataDir: string) {
	if ((statSync(dataDir).mode & 0o077) === 0) return;
	chmodSync(dataDir, 0o700);
	log.info('embedded.permissions', { dataDir, mode: '0700' });
}

/** Written whole, created 0600 before it holds anything. */
function writePrivate(file: string, text: string) {
	const temporary = `${file}.${process.pid}.tmp`;
	rmSync(temporary, { force: true });
	writeFileSync(temporary, text, { mode: 0o600, flag: 'wx' });
	renameSync(temporary, file);
}

async function runningInstance(lockFile: string): Promise<Lock | null> {
	if (!existsSync(lockFile)) return null;
	try {
		const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as Lock;
		if (lock.pid === process.pid || typeof lock.password !== 'string') return null;
		process.kill(lock.pid, 0);
		if (await portAnswers(lock.port)) return lock;
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
