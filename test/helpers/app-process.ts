import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { VectorTile } from '@mapbox/vector-tile';
import Pbf from 'pbf';

/**
 * The app as a separate Node process (a Vite dev server), for the tests that need several
 * processes or other environment variables than this one's: a load balancer's two apps, a
 * process on a read replica.
 */
export interface AppProcess {
	process: ChildProcess;
	base: string;
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

/**
 * Starts the app with `env` over this one's (no import, no Meilisearch, no replica unless
 * given) and waits until `readyPath` answers: the first request compiles the app and opens
 * the database. A process that exits or stays unanswering (its port taken by a concurrent
 * start, or a first start caught in a race on Vite's dependency cache) is started once more,
 * on another port. Callers start their processes one after the other for the same reason.
 */
export async function startAppProcess(
	env: Record<string, string>,
	readyPath: string
): Promise<AppProcess> {
	for (let attempt = 1; attempt <= 2; attempt++) {
		const app = spawnApp(await freePort(), env);
		if (await answers(app, readyPath)) return app;
		app.process.kill('SIGTERM');
	}
	throw new Error('The app process did not start');
}

function spawnApp(port: number, env: Record<string, string>): AppProcess {
	const child = spawn(
		process.execPath,
		[
			'node_modules/vite/bin/vite.js',
			'dev',
			'--host',
			'127.0.0.1',
			'--port',
			String(port),
			'--strictPort'
		],
		{
			env: {
				...process.env,
				AUTO_IMPORT: 'false',
				MEILI_URL: '',
				LOG_LEVEL: 'silent',
				DATABASE_READ_URL: '',
				READ_ONLY: '',
				...env
			},
			stdio: 'ignore'
		}
	);
	return { process: child, base: `http://127.0.0.1:${port}` };
}

/** Polls `readyPath` for up to 3 minutes; false at once if the process has exited. */
async function answers(app: AppProcess, readyPath: string): Promise<boolean> {
	for (let i = 0; i < 360; i++) {
		const ok = await fetch(app.base + readyPath)
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return true;
		if (app.process.exitCode !== null || app.process.signalCode !== null) return false;
		await new Promise((r) => setTimeout(r, 500));
	}
	return false;
}

/** Stops the processes, waiting for each to exit (killed after 5 s). */
export async function stopAppProcesses(apps: AppProcess[]): Promise<void> {
	for (const app of apps) app.process.kill('SIGTERM');
	await Promise.all(
		apps.map(
			({ process: child }) =>
				new Promise<void>((resolve) => {
					if (child.exitCode !== null) return resolve();
					child.once('exit', () => resolve());
					setTimeout(() => {
						child.kill('SIGKILL');
						resolve();
					}, 5000);
				})
		)
	);
}

type PbfReader = ConstructorParameters<typeof VectorTile>[0];

/** How many structures the clusters of a structure tile (`z/x/y`) of the app hold. */
export async function clusteredCount(base: string, tile: string): Promise<number> {
	const response = await fetch(`${base}/tiles/structures/${tile}.mvt`);
	if (response.status !== 200) throw new Error(`Tile ${tile} answered ${response.status}`);
	const decoded = new VectorTile(
		new Pbf(new Uint8Array(await response.arrayBuffer())) as unknown as PbfReader
	);
	const layer = decoded.layers.clusters;
	let count = 0;
	for (let i = 0; i < (layer?.length ?? 0); i++)
		count += layer!.feature(i).properties.count as number;
	return count;
}
