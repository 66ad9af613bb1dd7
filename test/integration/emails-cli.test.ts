import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/lib/server/email/cli';
import type { Sql } from '../../src/lib/server/db';
import * as outbox from '../../src/lib/server/email/outbox';
import { freshDatabase } from '../helpers/database';

let sql: Sql;

beforeAll(async () => {
	sql = await freshDatabase();
	await outbox.add({ to: 'ana@exemple.fr', subject: 'Vérifiez', text: 'Lien : https://x.test/a' });
	await outbox.add({
		to: 'bob@exemple.fr',
		subject: 'Réinitialisez',
		text: 'Lien : https://x.test/b'
	});
});

async function emails(...argv: string[]) {
	const lines: string[] = [];
	const code = await run(argv, (line) => lines.push(line));
	return { code, output: lines.join('\n') };
}

describe('npm run emails', () => {
	it('lists the kept emails, latest first, with their whole text', async () => {
		const { code, output } = await emails('list');
		expect(code).toBe(0);
		expect(output.indexOf('à bob@exemple.fr')).toBeGreaterThan(-1);
		expect(output.indexOf('à bob@exemple.fr')).toBeLessThan(output.indexOf('à ana@exemple.fr'));
		expect(output).toContain('Objet : Vérifiez');
		expect(output).toContain('Lien : https://x.test/b');
	});

	it('dates each email in Paris time, as the pages do', async () => {
		await sql`update email_outbox set created_at = '2026-07-14T21:30:00Z'
			where recipient = 'ana@exemple.fr'`;
		const { output } = await emails('list', '--to', 'ana@exemple.fr');
		expect(output).toContain('--- 14 juillet 2026 à 23 h 30 (heure de Paris) · à ana@exemple.fr');
	});

	it('filters by recipient, whatever its case', async () => {
		const { code, output } = await emails('list', '--to', 'ANA@exemple.fr');
		expect(code).toBe(0);
		expect(output).toContain('https://x.test/a');
		expect(output).not.toContain('bob@exemple.fr');
		expect((await emails('list', '--to', 'personne@exemple.fr')).output).toBe('Aucun courriel.');
	});

	it('limits the list and refuses unknown commands and bad limits', async () => {
		const one = await emails('list', '--limit', '1');
		expect(one.output).toContain('bob@exemple.fr');
		expect(one.output).not.toContain('ana@exemple.fr');
		for (const argv of [
			[],
			['show'],
			['list', '--limit', '0'],
			['list', '--limit', 'x'],
			['list', '--bad']
		])
			expect((await emails(...argv)).code, argv.join(' ')).toBe(2);
	});
});
