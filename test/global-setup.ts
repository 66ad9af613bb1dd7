import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbedded } from '../src/lib/server/db/embedded';

/**
 * Integration tests run on real PostGIS: the server at TEST_DATABASE_URL when set (CI),
 * otherwise one embedded PGlite for the whole run. Each test file then makes a schema of its own.
 */
export default async function setup(project: TestProject) {
	let url = process.env.TEST_DATABASE_URL;
	let stop = async () => {};
	let dir: string | undefined;
	if (!url) {
		dir = mkdtempSync(join(tmpdir(), 'cartonum-test-'));
		const server = await startEmbedded(dir);
		url = server.url;
		stop = server.stop;
	}
	project.provide('databaseUrl', url);
	return async () => {
		await stop();
		if (dir) rmSync(dir, { recursive: true, force: true });
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		databaseUrl: string;
	}
}
