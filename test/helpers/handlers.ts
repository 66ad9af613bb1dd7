import type { Sql } from '../../src/lib/server/db';

/**
 * A route handler called in process as SvelteKit would, with only what the handlers read:
 * the URL, the request, route params, the signed-in user (`locals`) and the client address.
 */
export type Handler = (event: never) => Response | Promise<Response>;

export const ORIGIN = 'http://cartonum.test';

export interface CallOptions {
	user?: App.Locals['user'];
	params?: Record<string, string>;
	method?: string;
	body?: string;
	headers?: Record<string, string>;
	/** The client's address (rate limits by address); 127.0.0.1 unless given. */
	address?: string;
}

export function callHandler(
	handler: Handler,
	path: string,
	options: CallOptions = {}
): Promise<Response> {
	const url = new URL(path, ORIGIN);
	const request = new Request(url, {
		method: options.method ?? 'GET',
		headers: options.headers,
		body: options.body
	});
	const locals = {
		user: options.user ?? null,
		session: null,
		requestPath: url.pathname + url.search
	};
	return Promise.resolve(
		handler({
			url,
			request,
			params: options.params ?? {},
			locals,
			getClientAddress: () => options.address ?? '127.0.0.1'
		} as never)
	);
}

/** The options of a JSON POST sent by the app's own page (same origin). */
export const jsonPost = (body: unknown, headers: Record<string, string> = {}) => ({
	method: 'POST',
	body: typeof body === 'string' ? body : JSON.stringify(body),
	headers: {
		'content-type': 'application/json',
		origin: ORIGIN,
		'sec-fetch-site': 'same-origin',
		...headers
	}
});

/** An account of `role` without a usable password, as the `user` a handler's locals hold. */
export async function insertAccount(
	sql: Sql,
	role: 'partner' | 'moderator' | 'admin'
): Promise<NonNullable<App.Locals['user']>> {
	const email = `${role}@cartonum.test`;
	const [row] = await sql<{ id: string }[]>`
		insert into users (email, password_hash, role, email_verified_at)
		values (${email}, 'x', ${role}, now()) returning id`;
	return { id: row!.id, email, role } as NonNullable<App.Locals['user']>;
}
