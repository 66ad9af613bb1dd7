import { MAX_AGE, json } from '$lib/server/api/responses';
import * as programmes from '$lib/server/programmes';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () =>
	json(
		{ axes: await programmes.axes(), items: await programmes.list() },
		{ maxAge: MAX_AGE.reference }
	);
