import * as opendata from '$lib/server/opendata';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, request }) =>
	opendata.lieuxMediationNumeriqueFile(request, url, 'json');
