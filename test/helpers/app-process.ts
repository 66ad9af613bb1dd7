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
 * the database.
 */
export async function startAppProcess(
	env: Record<string, string>,
	readyPath: string
): Promise<AppProcess> {
	const port = await freePort();
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
	const app = { process: child, base: `http://127.0.0.1:${port}` };
	for (let i = 0; i < 600; i++) {
		const ok = await fetch(app.base + readyPath)
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return app;
		if (child.exitCode !== null) break;
		await new Promise((r) => setTimeout(r, 500));
	}
	child.kill('SIGTERM');
	throw new Error(`App on port ${port} did not start`);
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
