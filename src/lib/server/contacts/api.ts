import { parseDrawnPolygonText } from '../../domain/polygon';
import { z } from 'zod';
import { cursorSchema, integerSchema } from '../../domain/filter-schemas';
import {
	filtersFrom,
	parseQuery,
	structureFilterParams,
	type QueryValues
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
import { exportLayout, exportParts, EXPORT_FORMATS } from './export';
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

const MAX_OFFSET = 1_000_000;

/**
 * The parameters of `/api/v1/contacts` (the filters, `limit`, `offset`) and of its export (the
 * filters, `format`); any other is refused. They also document both in the OpenAPI document.
 */
export const contactsParams = structureFilterParams.extend({
	limit: integerSchema('limit', 1, MAX_ROWS)
		.optional()
		.meta({ description: `Lignes par page, de 1 à ${MAX_ROWS} (1000 par défaut).`, example: '50' }),
	offset: integerSchema('offset', 0, MAX_OFFSET)
		.optional()
		.meta({ description: 'Lignes à sauter.', example: '50' }),
	cursor: cursorSchema
		.optional()
		.meta({ description: 'La valeur next de la page précédente, telle quelle.' })
});

export const contactsExportParams = structureFilterParams.extend({
	format: z
		.enum(EXPORT_FORMATS, {
			error: `Paramètre « format » invalide : valeurs possibles ${EXPORT_FORMATS.join(', ')}.`
		})
		.optional()
		.meta({
			description:
				'csv (par défaut, tableur), vcf (carnet d’adresses) ou geojson (champs publics).',
			example: 'vcf'
		})
});

type Read<S extends z.ZodObject> = { ok: true; query: ContactQuery; values: QueryValues<S> };

/** Filters from the query string; the area from `territory` (GET) or a polygon body (POST). */
async function readQuery<S extends typeof contactsParams | typeof contactsExportParams>(
	event: Event,
	schema: S
): Promise<Read<S> | Failure> {
	const read = parseQuery(event.url.searchParams, schema);
	if (!read.ok)
		return { ok: false, response: problem(400, read.message, { parameter: read.parameter }) };
	const filters = filtersFrom(read.value);
	if (event.request.method !== 'POST') {
		if (!filters.territory)
			return {
				ok: false,
				response: problem(
					400,
					'Paramètre « territory » requis : par exemple territory=dep:21, ou envoyez un polygone GeoJSON en POST.',
					{ parameter: 'territory' }
				)
			};
		return { ok: true, query: { filters }, values: read.value };
	}
	const polygonText = await readPolygonText(event.request);
	if (!polygonText.ok) return polygonText;
	const polygon = parseDrawnPolygonText(polygonText.text);
	if (!polygon.ok)
		return { ok: false, response: problem(400, polygon.message, { parameter: 'polygon' }) };
	const { territory: _ignored, ...rest } = filters;
	return { ok: true, query: { filters: rest, polygon: polygon.value }, values: read.value };
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
async function authorize<S extends typeof contactsParams | typeof contactsExportParams>(
	event: Event,
	schema: S
) {
	const staff = requireStaff(event.locals);
	if (!staff.ok) return staff;
	if (event.request.method === 'POST') {
		const refused = refuseCrossSite(event.request, event.url);
		if (refused) return { ok: false as const, response: refused };
	}
	const query = await readQuery(event, schema);
	if (!query.ok) return query;
	return { ok: true as const, user: staff.user, query: query.query, values: query.values };
}

async function prepare<S extends typeof contactsParams | typeof contactsExportParams>(
	event: Event,
	schema: S
) {
	const ready = await authorize(event, schema);
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

/** `GET /api/v1/contacts?territory=…` and `POST /api/v1/contacts` (GeoJSON polygon). */
export async function listResponse(event: Event): Promise<Response> {
	const ready = await authorize(event, contactsParams);
	if (!ready.ok) return ready.response;
	const limit = ready.values.limit ?? DEFAULT_ROWS;
	const offset = ready.values.offset ?? 0;
	const found = await lookUp(ready.user, ready.query, {
		limit,
		offset,
		cursor: ready.values.cursor ?? null
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
			limit,
			offset,
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
	const ready = await prepare(event, contactsExportParams);
	if (!ready.ok) return ready.response;
	const format = ready.values.format ?? 'csv';
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
