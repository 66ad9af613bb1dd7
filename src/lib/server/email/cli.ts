import { parseArgs } from 'node:util';
import { parisDateTime } from '../../domain/paris-time';
import * as outbox from './outbox';

export const USAGE = `Usage :
  npm run emails -- list [--to adresse@exemple.fr] [--limit 20]
Sans serveur SMTP (SMTP_URL), les courriels de l’application restent dans la base : cette
commande les montre à l’exploitant, les plus récents d’abord.`;

/** The operator's view of the outbox; returns the process exit code. */
export async function run(argv: string[], out: (line: string) => void): Promise<number> {
	const [command, ...rest] = argv;
	let values: { to?: string; limit?: string };
	try {
		values = parseArgs({
			args: rest,
			options: { to: { type: 'string' }, limit: { type: 'string' } }
		}).values;
	} catch (error) {
		out(`${(error as Error).message}\n${USAGE}`);
		return 2;
	}
	if (command !== 'list') {
		out(USAGE);
		return 2;
	}
	const limit = values.limit === undefined ? 20 : Number(values.limit);
	if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
		out(`--limit : un nombre entier de 1 à 1000.\n${USAGE}`);
		return 2;
	}
	const emails = await outbox.list({ to: values.to?.slice(0, 254) || undefined, limit });
	if (emails.length === 0) out('Aucun courriel.');
	for (const email of emails) {
		out(`--- ${parisDateTime(email.createdAt)} (heure de Paris) · à ${email.to}`);
		out(`Objet : ${email.subject}`);
		out('');
		out(email.text);
		out('');
	}
	return 0;
}
