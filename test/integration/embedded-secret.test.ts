import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type EmbeddedServer } from '../../src/lib/server/db/embedded';

/**
 * The embedded database's only TCP port asks for the password its owner keeps in DATA_DIR:
 * other local users and processes without it cannot read the accounts or the contacts.
 */

let dir: string;
let server: EmbeddedServer;

beforeAll(async () => {
	dir = mkdtempSync(join(tmpdir(), 'cartonum-secret-'));
	server = await startEmbedded(dir);
});

afterAll(async () => {
	await server?.stop();
	rmSync(dir, { recursive: true, force: true });
});

const lock = () =>
	JSON.parse(readFileSync(join(dir, 'pglite.json'), 'utf8')) as { port: number; password: string };

async function query(url: string) {
	const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {}, connect_timeout: 10 });
	try {
		return await sql`select 1 as one`;
	} finally {
		await sql.end({ timeout: 1 });
	}
}

describe('embedded database socket', () => {
	it('keeps its password in a file only the owner reads, in a folder only the owner opens', () => {
		expect(statSync(join(dir, 'pglite.json')).mode & 0o777).toBe(0o600);
		expect(statSync(dir).mode & 0o777).toBe(0o700);
		expect(lock().password.length).toBeGreaterThanOrEqual(32);
	});

	it('refuses a connection without the password, or with a wrong one', async () => {
		const { port, password } = lock();
		for (const url of [
			`postgres://postgres@127.0.0.1:${port}/postgres`,
			`postgres://postgres:wrong@127.0.0.1:${port}/postgres`,
			`postgres://postgres:${password.slice(1)}@127.0.0.1:${port}/postgres`
		])
			await expect(query(url)).rejects.toMatchObject({ code: '28P01' });
	});

	it('serves a client that gives the password', async () => {
		expect(server.url).toContain(encodeURIComponent(lock().password));
		expect(await query(server.url)).toEqual([{ one: 1 }]);
	});

	it('lets the npm scripts attach to the running instance with the password', async () => {
		// Asynchronous: this process owns the database and must keep serving it meanwhile.
		const listed = await promisify(execFile)('npx', ['tsx', 'scripts/emails.ts', 'list'], {
			encoding: 'utf8',
			env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'silent' }
		});
		expect(listed.stderr).toBe('');
		expect(listed.stdout.trim()).toBe('Aucun courriel.');
	});
});
