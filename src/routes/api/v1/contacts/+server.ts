import { listResponse } from '$lib/server/contacts/api';
import type { RequestHandler } from './$types';

/** Staff only: structures of a territory (GET) or a drawn polygon (POST) with their contacts. */
export const GET: RequestHandler = (event) => listResponse(event);
export const POST: RequestHandler = (event) => listResponse(event);
