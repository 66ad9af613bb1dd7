import { parseArgs } from 'node:util';
import { z } from 'zod';
import { weakness } from './passwords';
import { ROLES, isRole, type Role } from './roles';
import * as users from './users';

export const USAGE = `Usage :
  npm run user -- create --email E --password P --role partner|moderator|admin [--name "Prénom Nom"]
  npm run user -- set-role --email E --role partner|moderator|admin
Sans --password, le mot de passe est lu sur l’entrée standard (il n’apparaît pas dans l’historique).`;

export interface Io {
	out: (line: string) => void;
	readPassword: () => Promise<string>;
}

/** Operators' account commands; returns the process exit code. */
export async function run(argv: string[], io: Io): Promise<number> {
	const [command, ...rest] = argv;
	let values: Record<string, string | undefined>;
	try {
		values = parseArgs({
			args: rest,
			options: {
				email: { type: 'string' },
				password: { type: 'string' },
				role: { type: 'string' },
				name: { type: 'string' }
			}
		}).values;
	} catch (error) {
		io.out(`${(error as Error).message}\n${USAGE}`);
		return 2;
	}
	const email = values.email?.trim() ?? '';
	if (!z.email().safeParse(email).success) {
		io.out(`Adresse électronique manquante ou invalide (--email).\n${USAGE}`);
		return 2;
	}
	const role = values.role;
	if (!isRole(role)) {
		io.out(`Rôle manquant ou inconnu (--role) : ${ROLES.join(', ')}.\n${USAGE}`);
		return 2;
	}
	if (command === 'create') return create(email, role, values, io);
	if (command === 'set-role') return setRole(email, role, io);
	io.out(USAGE);
	return 2;
}

async function create(
	email: string,
	role: Role,
	values: Record<string, string | undefined>,
	io: Io
): Promise<number> {
	const password = values.password ?? (await io.readPassword());
	const problem = weakness(password, [email, values.name]);
	if (problem) {
		io.out(problem);
		return 2;
	}
	const user = await users.create({
		email,
		password,
		role,
		displayName: values.name ?? '',
		verified: true,
		via: 'command-line'
	});
	if (!user) {
		io.out(`Un compte existe déjà pour ${email} (changer son rôle : set-role).`);
		return 1;
	}
	io.out(`Compte créé : ${user.email} (${user.role}).`);
	return 0;
}

async function setRole(email: string, role: Role, io: Io): Promise<number> {
	const user = await users.byEmail(email);
	if (!user) {
		io.out(`Aucun compte pour ${email}.`);
		return 1;
	}
	// Takes effect on the account's next request: sessions read the role from users each time.
	await users.setRole(user.id, role, null);
	io.out(`Rôle de ${user.email} : ${user.role} → ${role}.`);
	return 0;
}
