import { MAX_AGE, json } from '$lib/server/api/responses';
import { openApiDocument } from '$lib/server/api/contract';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = () => json(openApiDocument(), { maxAge: MAX_AGE.reference });
