import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The production app server as the benchmarks start it: a child process on a loopback port,
 * attached to the benchmark's database (the embedded PGlite of the calling process, through
 * its socket, or a server database), without Meilisearch nor automatic import, silent unless
 * BENCH_VERBOSE is set.
 */
export interface AppServer {
	url: string;
	/** Ends the server and waits for its exit (it must be gone before the database closes). */
	stop(): Promise<void>;
}

export function startApp(options: {
	/** `server.js` (the wrapper with its body limit) or `build` (adapter-node's entry). */
	entry: string;
	port: number;
	dataDir: string;
	databaseUrl?: string;
	env?: Record<string, string>;
}): AppServer {
	const url = `http://127.0.0.1:${options.port}`;
	const child = spawn('node', [options.entry], {
		stdio: process.env.BENCH_VERBOSE ? 'inherit' : 'ignore',
		env: {
			...process.env,
			PORT: String(options.port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			DATA_DIR: options.dataDir,
			DATABASE_URL: options.databaseUrl ?? '',
			MEILI_URL: '',
			AUTO_IMPORT: 'false',
			...options.env,
			LOG_LEVEL: process.env.BENCH_VERBOSE ? 'info' : 'silent'
		}
	});
	let stopped: Promise<void> | undefined;
	return {
		url,
		stop: () =>
			(stopped ??= new Promise((resolve) => {
				if (child.exitCode !== null || child.signalCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}))
	};
}

/** Builds the app (vite build) when build/ is missing or BENCH_BUILD is set; exits on failure. */
export function buildIfNeeded(): void {
	if (existsSync('build/index.js') && !process.env.BENCH_BUILD) return;
	console.log('Construction de l’application (vite build)…');
	if (spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' }).status !== 0)
		process.exit(1);
}

/** Waits (up to two minutes) until `url` answers 2xx. */
export async function waitFor(url: string): Promise<void> {
	for (let i = 0; i < 240; i++) {
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`the app did not answer on ${url}`);
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const srv = createServer().listen(0, '127.0.0.1', () => {
			const address = srv.address();
			srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}
