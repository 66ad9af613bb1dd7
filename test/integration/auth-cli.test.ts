import { beforeAll, describe, expect, it } from 'vitest';
import * as account from '../../src/lib/server/auth/account';
import { run } from '../../src/lib/server/auth/cli';
import * as users from '../../src/lib/server/auth/users';
import type { Sql } from '../../src/lib/server/db';
import { freshDatabase } from '../helpers/database';

let sql: Sql;

beforeAll(async () => {
	sql = await freshDatabase();
});

async function user(...argv: string[]) {
	const lines: string[] = [];
	const code = await run(argv, {
		out: (line) => lines.push(line),
		readPassword: async () => 'lu sur l’entrée standard'
	});
	return { code, output: lines.join('\n') };
}

const origin = { ip: '198.51.100.1', url: new URL('http://cartonum.test/') };

describe('npm run user', () => {
	it('creates a verified account with the given role, that can sign in at once', async () => {
		const created = await user(
			'create',
			'--email',
			'Moderatrice@Region.fr',
			'--password',
			'une phrase de passe solide',
			'--role',
			'moderator',
			'--name',
			'Mona Modère'
		);
		expect(created).toEqual({
			code: 0,
			output: 'Compte créé : moderatrice@region.fr (moderator).'
		});
		const row = await users.byEmail('moderatrice@region.fr');
		expect(row).toMatchObject({ role: 'moderator', displayName: 'Mona Modère' });
		expect(row!.emailVerifiedAt).toBeInstanceOf(Date);
		const signedIn = await account.signIn(
			{ email: 'moderatrice@region.fr', password: 'une phrase de passe solide' },
			origin
		);
		expect(signedIn.ok).toBe(true);
		const audit = await sql`select actor_id, details from audit_log
			where action = 'user.created' and entity_id = ${row!.id}`;
		expect(audit).toEqual([
			{ actor_id: null, details: { via: 'command-line', role: 'moderator' } }
		]);
	});

	it('reads the password from standard input when it is not given', async () => {
		expect((await user('create', '--email', 'stdin@region.fr', '--role', 'admin')).code).toBe(0);
		const signedIn = await account.signIn(
			{ email: 'stdin@region.fr', password: 'lu sur l’entrée standard' },
			origin
		);
		expect(signedIn.ok).toBe(true);
	});

	it('changes a role and records it', async () => {
		await user(
			'create',
			'--email',
			'promu@region.fr',
			'--password',
			'une phrase de passe solide',
			'--role',
			'partner'
		);
		const result = await user('set-role', '--email', 'promu@region.fr', '--role', 'admin');
		expect(result).toEqual({ code: 0, output: 'Rôle de promu@region.fr : partner → admin.' });
		const row = await users.byEmail('promu@region.fr');
		expect(row!.role).toBe('admin');
		const audit = await sql`select details from audit_log
			where action = 'user.role_changed' and entity_id = ${row!.id}`;
		expect(audit).toEqual([{ details: { from: 'partner', to: 'admin' } }]);
	});

	it('refuses bad input with a French message and changes nothing', async () => {
		const before = await sql`select count(*)::int as n from users`;
		const cases = [
			[
				'create',
				'--email',
				'x@region.fr',
				'--password',
				'une phrase de passe solide',
				'--role',
				'root'
			],
			[
				'create',
				'--email',
				'pas-une-adresse',
				'--password',
				'une phrase de passe solide',
				'--role',
				'admin'
			],
			['create', '--email', 'court@region.fr', '--password', 'court', '--role', 'admin'],
			['create', '--email', 'x@region.fr', '--inconnu', 'x', '--role', 'admin'],
			['supprimer', '--email', 'x@region.fr', '--role', 'admin']
		];
		for (const argv of cases) {
			const result = await user(...argv);
			expect(result.code, argv.join(' ')).toBe(2);
		}
		expect(
			(await user('create', '--email', 'court@region.fr', '--password', 'court', '--role', 'admin'))
				.output
		).toMatch(/au moins 12 caractères/);
		for (const weak of ['soleil123456', 'azertyuiop12', 'Moderatrice2026']) {
			const refused = await user(
				'create',
				'--email',
				'moderatrice@region.fr',
				'--password',
				weak,
				'--role',
				'admin'
			);
			expect(refused.code, weak).toBe(2);
			expect(refused.output, weak).toMatch(/^Ce mot de passe est trop facile à deviner\./);
		}
		expect((await user('set-role', '--email', 'absent@region.fr', '--role', 'admin')).code).toBe(1);
		const again = await user(
			'create',
			'--email',
			'promu@region.fr',
			'--password',
			'une phrase de passe solide',
			'--role',
			'partner'
		);
		expect(again.code).toBe(1);
		expect(await sql`select count(*)::int as n from users`).toEqual(before);
	});
});
