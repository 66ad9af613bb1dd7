import { error } from '@sveltejs/kit';
import { problem } from '../api/responses';
import { hasControlCharacter } from '../../domain/control-characters';
import { log } from '../log';

const CONTROL = 'un caractère de contrôle (par exemple un octet nul, %00), qui n’est pas accepté';

/**
 * The request's French 400 when its path or one of its query parameters (name or value) holds
 * a control character or is badly percent-encoded; null when it may go on. Called by the server
 * hook before anything else, so that no route, load or endpoint ever sees such a value.
 */
export function refuseControlCharacters(url: URL): Response | null {
	const refusal = urlProblem(url);
	if (!refusal) return null;
	log.info('http.refused', { path: url.pathname.slice(0, 200), reason: 'control-character' });
	return url.pathname === '/api' || url.pathname.startsWith('/api/')
		? json(refusal)
		: html(refusal.message);
}

interface Problem {
	message: string;
	parameter?: string;
}

function urlProblem(url: URL): Problem | null {
	let path: string;
	try {
		path = decodeURIComponent(url.pathname);
	} catch {
		return { message: 'Adresse invalide : elle est mal encodée (séquence « % » incorrecte).' };
	}
	if (hasControlCharacter(path)) return { message: `Adresse invalide : elle contient ${CONTROL}.` };
	for (const [name, value] of url.searchParams) {
		if (hasControlCharacter(name))
			return { message: `Nom de paramètre invalide : il contient ${CONTROL}.` };
		if (hasControlCharacter(value))
			return {
				message: `Paramètre « ${name.slice(0, 40)} » invalide : il contient ${CONTROL}.`,
				parameter: name
			};
	}
	return null;
}

const HEADERS = {
	'cache-control': 'no-store',
	'x-content-type-options': 'nosniff',
	'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'"
};

function json(refusal: Problem): Response {
	return problem(400, refusal.message, {
		parameter: refusal.parameter,
		headers: HEADERS,
		public: true
	});
}

const escape = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function html(message: string): Response {
	const page = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Requête invalide — Cartonum</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>Requête invalide</h1>
<p>${escape(message)}</p>
<p><a href="/">Retour à l’accueil de Cartonum</a></p>
</body>
</html>
`;
	return new Response(page, {
		status: 400,
		headers: { ...HEADERS, 'content-type': 'text/html; charset=utf-8' }
	});
}

/**
 * Reads a submitted form, refusing it with a French 400 (nothing is stored) when a field name
 * or value holds a control character. Every form action and endpoint reads forms through this.
 * Tabs and line breaks stay allowed: multi-line fields have them.
 */
export async function readForm(request: Request): Promise<FormData> {
	const form = await request.formData();
	for (const [name, value] of form) {
		const text = typeof value === 'string' ? value : value.name;
		if (hasControlCharacter(name) || hasControlCharacter(text))
			error(
				400,
				`Le formulaire contient ${CONTROL} (souvent après un copier-coller depuis un autre logiciel) : retirez-le et envoyez à nouveau.`
			);
	}
	return form;
}
