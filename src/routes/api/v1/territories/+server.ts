import { territoriesResponse } from '$lib/server/api/territories';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => territoriesResponse(url);
