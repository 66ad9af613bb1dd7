import { MAX_AGE, json } from '$lib/server/api/responses';
import * as opendata from '$lib/server/opendata';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ url }) =>
	json(await opendata.licenceNotice(url.origin), { maxAge: MAX_AGE.structures });
