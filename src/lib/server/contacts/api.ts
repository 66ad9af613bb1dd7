import { decodeCursor } from '../../domain/cursor';
import { parseDrawnPolygonText } from '../../domain/polygon';
import {
	FILTER_PARAMETERS,
	parseStructureFilters,
	rejectUnknownParameters
} from '../../domain/structure-filters';
import { isStaff } from '../auth/roles';
import type { SessionUser } from '../auth/sessions';
import { refuseCrossSite } from '../api/same-origin';
import { problem } from '../api/responses';
import { config } from '../config';
import type { ContactQuery } from './area';
import { resolveArea } from './area';
import { record } from './audit';
import { textStream } from '../opendata/stream';
import { exportLayout, exportParts, isExportFormat, EXPORT_FORMATS } from './export';
import { checkLimit } from './limits';
import { DEFAULT_ROWS, MAX_ROWS } from './list';
import { lookUp } from './look-up';
import { readForm } from '../input/control-characters';

/**
 * `/api/v1/contacts` and its export: staff only, never cached, never shared with other
 * origins (unlike the public API), every answer audited and rate-limited.
 */
interface Event {
	url: URL;
	request: Request;
	locals: App.Locals;
}

type Failure = { ok: false; response: Response };

/** 401 for anonymous callers, 403 for signed-in partners: JSON, as the rest of the API. */
export function requireStaff(locals: App.Locals): { ok: true; user: SessionUser } | Failure {
	const user = locals.user;
	if (!user)
		return {
			ok: false,
			response: problem(
				401,
				'Connectez-vous avec un compte de l’équipe régionale pour consulter les contacts.'
			)
		};
	if (!isStaff(user.role))
		return {
			ok: false,
			response: problem(
				403,
				'Les contacts sont réservés à l’équipe régionale (modération et administration).'
			)
		};
	return { ok: true, user };
}

/** Filters from the query string; the area from `territory` (GET) or a polygon body (POST). */
/** Every parameter the contacts list and export read; any other is refused. */
const CONTACTS_PARAMETERS = [...FILTER_PARAMETERS, 'limit', 'offset', 'cursor', 'format'] as const;

async function readQuery(event: Event): Promise<{ ok: true; query: ContactQuery } | Failure> {
	const known = rejectUnknownParameters(event.url.searchParams, CONTACTS_PARAMETERS);
	if (!known.ok)
		return { ok: false, response: problem(400, known.message, { parameter: known.parameter }) };
	const filters = parseStructureFilters(event.url.searchParams);
	if (!filters.ok)
		return { ok: false, response: problem(400, filters.message, { parameter: filters.parameter }) };
	if (event.request.method !== 'POST') {
		if (!filters.value.territory)
			return {
				ok: false,
				response: problem(
					400,
					'Paramètre « territory » requis : par exemple territory=dep:21, ou envoyez un polygone GeoJSON en POST.',
					{ parameter: 'territory' }
				)
			};
		return { ok: true, query: { filters: filters.value } };
	}
	const polygonText = await readPolygonText(event.request);
	if (!polygonText.ok) return polygonText;
	const polygon = parseDrawnPolygonText(polygonText.text);
	if (!polygon.ok)
		return { ok: false, response: problem(400, polygon.message, { parameter: 'polygon' }) };
	const { territory: _ignored, ...rest } = filters.value;
	return { ok: true, query: { filters: rest, polygon: polygon.value } };
}

/** JSON (`application/json` or `application/geo+json`) body, or a form field `polygon`. */
async function readPolygonText(request: Request): Promise<{ ok: true; text: string } | Failure> {
	const type = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
	if (type === 'application/json' || type === 'application/geo+json') {
		const text = await request.text();
		return { ok: true, text };
	}
	if (type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data') {
		const field = (await readForm(request)).get('polygon');
		return { ok: true, text: typeof field === 'string' ? field : '' };
	}
	return {
		ok: false,
		response: problem(
			415,
			'Envoyez le polygone en GeoJSON avec l’en-tête Content-Type: application/json.',
			{ parameter: 'polygon' }
		)
	};
}

/** The staff viewer and the query of a request, or the answer refusing it. */
async function authorize(event: Event) {
	const staff = requireStaff(event.locals);
	if (!staff.ok) return staff;
	if (event.request.method === 'POST') {
		const refused = refuseCrossSite(event.request, event.url);
		if (refused) return { ok: false as const, response: refused };
	}
	const query = await readQuery(event);
	if (!query.ok) return query;
	return { ok: true as const, user: staff.user, query: query.query };
}

async function prepare(event: Event) {
	const ready = await authorize(event);
	if (!ready.ok) return ready;
	const area = await resolveArea(ready.query);
	if (!area.ok) {
		const parameter = ready.query.polygon ? 'polygon' : 'territory';
		return { ok: false as const, response: problem(400, area.message, { parameter }) };
	}
	return { ...ready, area: area.value };
}

function tooMany(message: string, retryAfterSeconds: number) {
	return problem(429, message, { headers: { 'Retry-After': String(retryAfterSeconds) } });
}

const PAGE_HELP = `entier de 1 à ${MAX_ROWS}`;

function readInteger(
	params: URLSearchParams,
	name: string,
	min: number,
	max: number,
	fallback: number
) {
	const raw = params.get(name)?.trim();
	if (!raw) return { ok: true as const, value: fallback };
	if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max)
		return {
			ok: false as const,
			response: problem(
				400,
				`Paramètre « ${name} » invalide : ${name === 'limit' ? PAGE_HELP : `entier positif`}.`,
				{ parameter: name }
			)
		};
	return { ok: true as const, value: Number(raw) };
}

/** `GET /api/v1/contacts?territory=…` and `POST /api/v1/contacts` (GeoJSON polygon). */
export async function listResponse(event: Event): Promise<Response> {
	const ready = await authorize(event);
	if (!ready.ok) return ready.response;
	const limit = readInteger(event.url.searchParams, 'limit', 1, MAX_ROWS, DEFAULT_ROWS);
	if (!limit.ok) return limit.response;
	const offset = readInteger(event.url.searchParams, 'offset', 0, 1_000_000, 0);
	if (!offset.ok) return offset.response;
	const cursorText = event.url.searchParams.get('cursor')?.trim();
	const cursor = cursorText ? decodeCursor(cursorText) : null;
	if (cursorText && !cursor)
		return problem(
			400,
			'Paramètre « cursor » invalide : reprenez la valeur « next » renvoyée par la page précédente, sans la modifier.',
			{ parameter: 'cursor' }
		);
	const found = await lookUp(ready.user, ready.query, {
		limit: limit.value,
		offset: offset.value,
		cursor
	});
	if (!found.ok)
		return found.status === 429
			? tooMany(found.message, found.retryAfterSeconds ?? 60)
			: problem(400, found.message, { parameter: found.parameter });
	return new Response(
		JSON.stringify({
			territory: { code: found.area.code, label: found.area.label },
			items: found.page.items,
			total: found.page.total,
			limit: limit.value,
			offset: offset.value,
			next: found.page.next
		}),
		{
			headers: {
				'Content-Type': 'application/json; charset=utf-8',
				'Cache-Control': 'no-store'
			}
		}
	);
}

/** `GET|POST /api/v1/contacts/export?format=csv|vcf|geojson`: a file to download. */
export async function exportResponse(event: Event): Promise<Response> {
	const format = event.url.searchParams.get('format')?.trim() || 'csv';
	if (!isExportFormat(format))
		return problem(
			400,
			`Paramètre « format » invalide : valeurs possibles ${EXPORT_FORMATS.join(', ')}.`,
			{ parameter: 'format' }
		);
	const ready = await prepare(event);
	if (!ready.ok) return ready.response;
	const limited = await checkLimit(ready.user.id, 'export');
	if (limited) return tooMany(limited.message, limited.retryAfterSeconds);
	const layout = exportLayout(format, config.origin ?? event.url.origin);
	const logged = await record(ready.user.id, 'contacts.export', {
		query: ready.query,
		rows: 0,
		format,
		complete: false
	});
	const name = fileName(ready.area.code, layout.extension);
	const parts = exportParts(ready.query, ready.user, layout, logged);
	return new Response(textStream(parts, `contacts ${name}`), {
		headers: {
			'Content-Type': layout.contentType,
			'Content-Disposition': `attachment; filename="${name}"`,
			'Cache-Control': 'no-store'
		}
	});
}

export function fileName(areaCode: string, extension: string): string {
	const slug = areaCode
		.replace(/[^a-z0-9]+/gi, '-')
		.replace(/^-|-$/g, '')
		.slice(0, 60);
	return `contacts-${slug}-${new Date().toISOString().slice(0, 10)}.${extension}`;
}
