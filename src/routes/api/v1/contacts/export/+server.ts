import { exportResponse } from '$lib/server/contacts/api';
import type { RequestHandler } from './$types';

/** Staff only: the same selection as /api/v1/contacts as CSV, vCard or GeoJSON. */
export const GET: RequestHandler = (event) => exportResponse(event);
export const POST: RequestHandler = (event) => exportResponse(event);
