/**
 * Requests as a browser without JavaScript makes them to the app under test (a dev server
 * from dev-server.ts): redirects are answered, not followed, and forms get HTML answers and
 * 303 redirects, not JSON action results.
 */
export type FormFields = Record<string, string | string[]>;

/** A page, as is (no redirect followed). */
export function getPage(base: string, path: string, headers: Record<string, string> = {}) {
	return fetch(base + path, { redirect: 'manual', headers });
}

/** A form sent from a page of the app itself (same origin); a field may repeat (an array). */
export function postForm(
	base: string,
	path: string,
	fields: FormFields = {},
	headers: Record<string, string> = {}
) {
	const body = new URLSearchParams();
	for (const [name, value] of Object.entries(fields))
		for (const v of Array.isArray(value) ? value : [value]) body.append(name, v);
	return fetch(base + path, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded',
			origin: base,
			...headers
		},
		body
	});
}
