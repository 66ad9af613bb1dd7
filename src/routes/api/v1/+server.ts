import { apiIndex } from '$lib/server/api/contract';
import { MAX_AGE, json } from '$lib/server/api/responses';
import type { RequestHandler } from './$types';

/**
 * A machine-readable index of every endpoint under /api/v1, in French like its messages,
 * rendered from the OpenAPI document (test/integration/api-read.test.ts checks that no route
 * folder is missing from it).
 */
export const GET: RequestHandler = () => json(apiIndex(), { maxAge: MAX_AGE.reference });
