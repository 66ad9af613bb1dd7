import { z } from 'zod';
import { createDocument, type ZodOpenApiOperationObject } from 'zod-openapi';
import { MAX_POLYGON_VERTICES } from '../../../domain/polygon';
import { structureFilterParams } from '../../../domain/structure-filters';
import { contactsExportParams, contactsParams } from '../../contacts/api';
import { geocodeParams, reverseParams } from '../../geocoding/params';
import { searchParams } from '../../search/query';
import { programmeNumberSchema, structureIdSchema, territoryCodeSchema } from '../path-params';
import { structuresParams } from '../structures';
import { territoriesParams } from '../territories';
import * as schemas from './schemas';

/**
 * The OpenAPI 3.1 document of `/api/v1`, built from the zod schemas that validate the
 * parameters (every route reads its query with `parseQuery` and the same object, which also
 * refuses any parameter it does not list) and from the answers' schemas. The
 * `/api/v1` index and the `/donnees` page are rendered from it, so none of them can drift.
 */

export const OPENAPI_PATH = '/api/v1/openapi.json';

const json = (schema: z.ZodType, description: string) => ({
	description,
	content: { 'application/json': { schema } }
});

const invalid = {
	'400': json(schemas.errorBody, 'Un paramètre est invalide ; le message le nomme.')
};
const unknown = { '404': json(schemas.errorBody, 'Inconnu ou non publié.') };
const tooMany = {
	'429': json(schemas.errorBody, 'Trop de requêtes ; Retry-After dit quand reprendre.')
};
const staffOnly = {
	'401': json(schemas.errorBody, 'Sans session.'),
	'403': json(schemas.errorBody, 'Compte sans rôle de modération ni d’administration.')
};

/** Files: validators, row count and the licence notice, for the bulk downloads. */
const fileHeaders = z.object({
	ETag: z.string().meta({ description: 'Validateur faible ; If-None-Match donne 304.' }),
	'Last-Modified': z.string(),
	Link: z
		.string()
		.meta({ description: 'La notice des licences : </api/v1/licences>; rel="license".' })
});

/** Path parameters: each schema also validates its parameter in the route. */
const path = (name: string, schema: z.ZodType) => z.object({ [name]: schema });

const bulkFile = (
	summary: string,
	description: string,
	content: Record<string, { schema: z.ZodType }>
): ZodOpenApiOperationObject => ({
	summary,
	description,
	tags: ['Fichiers'],
	requestParams: { query: structureFilterParams },
	responses: {
		'200': { description: 'Le fichier, transmis au fil de l’eau.', headers: fileHeaders, content },
		'304': { description: 'La copie du client est à jour (If-None-Match, If-Modified-Since).' },
		...invalid
	}
});

const operations: Record<string, ZodOpenApiOperationObject> = {
	'/api/v1': {
		summary: 'Index de l’API',
		description: 'La liste des points d’accès, lisible par une machine.',
		tags: ['API'],
		responses: { '200': json(schemas.apiIndex, 'L’index.') }
	},
	[OPENAPI_PATH]: {
		summary: 'Ce document OpenAPI',
		description: 'Le contrat de l’API au format OpenAPI 3.1, pour générer un client.',
		tags: ['API'],
		responses: {
			'200': json(z.looseObject({ openapi: z.literal('3.1.0') }), 'Le document.')
		}
	},
	'/api/v1/structures': {
		summary: 'Lister les structures',
		description:
			'Structures publiées, par catégorie, puis commune, puis nom, paginées : { items, next, total }. GeoJSON avec l’en-tête Accept: application/geo+json, le suffixe .geojson ou format=geojson.',
		tags: ['Structures'],
		requestParams: { query: structuresParams },
		responses: {
			'200': {
				description: 'Une page de structures (ou toutes, avec format=light).',
				content: {
					'application/json': { schema: schemas.structurePage },
					'application/geo+json': { schema: schemas.structureFeatures }
				}
			},
			...invalid
		}
	},
	'/api/v1/structures.geojson': {
		summary: 'Lister les structures en GeoJSON',
		description: 'Comme /api/v1/structures, en FeatureCollection GeoJSON.',
		tags: ['Structures'],
		requestParams: { query: structuresParams },
		responses: {
			'200': {
				description: 'Une page de structures en GeoJSON.',
				content: { 'application/geo+json': { schema: schemas.structureFeatures } }
			},
			...invalid
		}
	},
	'/api/v1/structures/{id}': {
		summary: 'Une structure',
		description:
			'Une structure publiée par identifiant (UUID) ou slug : coordonnées publiques, identifiants, programmes et rôles, contacts publics, source et licence des données.',
		tags: ['Structures'],
		requestParams: {
			path: path('id', structureIdSchema)
		},
		responses: { '200': json(schemas.structureDetail, 'La structure.'), ...unknown }
	},
	'/api/v1/structures.csv': bulkFile(
		'Toutes les structures en CSV',
		'Toutes les structures publiées que les filtres de /api/v1/structures retiennent, une ligne par structure : UTF-8 avec BOM, séparateur ;, formules neutralisées. Colonnes licence et attribution sur chaque ligne.',
		{ 'text/csv': { schema: schemas.csvText } }
	),
	'/api/v1/lieux-mediation-numerique.csv': bulkFile(
		'Lieux de médiation numérique au schéma national (CSV)',
		'Les lieux de médiation numérique, fablabs et tiers-lieux parmi les structures filtrées, au schéma national des lieux de médiation numérique (UTF-8, séparateur ,), vérifiés par la bibliothèque de référence de l’ANCT ; les lieux qu’elle refuse sont écartés et comptés dans /api/v1/licences.',
		{ 'text/csv': { schema: schemas.csvText } }
	),
	'/api/v1/lieux-mediation-numerique.json': bulkFile(
		'Lieux de médiation numérique au schéma national (JSON)',
		'Les mêmes lieux, en un tableau JSON.',
		{ 'application/json': { schema: z.array(schemas.lieuMediationNumerique) } }
	),
	'/api/v1/licences': {
		summary: 'Notice des licences des fichiers',
		description:
			'Licence de chaque partie des fichiers complets (ODbL pour les lignes dérivées de MedNum BFC, Licence Ouverte pour les autres), mentions à reprendre, et nombre de lieux écartés par le schéma national.',
		tags: ['Fichiers'],
		responses: { '200': json(schemas.licenceNotice, 'La notice.') }
	},
	'/api/v1/programmes': {
		summary: 'Axes et programmes',
		description: 'Axes et programmes de la feuille de route : { axes, items }.',
		tags: ['Programmes'],
		responses: { '200': json(schemas.programmeList, 'Les axes et les programmes.') }
	},
	'/api/v1/programmes/{number}': {
		summary: 'Un programme',
		description: 'Un programme : axe, résumé, actions et structures contributrices avec leur rôle.',
		tags: ['Programmes'],
		requestParams: { path: path('number', programmeNumberSchema) },
		responses: { '200': json(schemas.programmeDetail, 'Le programme.'), ...invalid, ...unknown }
	},
	'/api/v1/territories': {
		summary: 'Lister ou chercher des territoires',
		description:
			'Territoires d’un type (kind), à l’intérieur d’un autre (parent), ou cherchés par nom, code postal ou code INSEE (q).',
		tags: ['Territoires'],
		requestParams: { query: territoriesParams },
		responses: { '200': json(schemas.territoryList, 'Les territoires.'), ...invalid }
	},
	'/api/v1/territories/{code}': {
		summary: 'Un territoire',
		description:
			'Un territoire : nom, population, territoires englobants, emprise et contour simplifié en GeoJSON.',
		tags: ['Territoires'],
		requestParams: { path: path('code', territoryCodeSchema) },
		responses: { '200': json(schemas.territoryDetail, 'Le territoire.'), ...invalid, ...unknown }
	},
	'/api/v1/search': {
		summary: 'Rechercher',
		description:
			'Recherche plein texte des structures publiées, tolérante aux fautes et aux accents, classée par pertinence : { hits, facets, total, engine, relaxed, limit, offset }.',
		tags: ['Recherche'],
		requestParams: { query: searchParams },
		responses: { '200': json(schemas.searchResult, 'Les résultats.'), ...invalid }
	},
	'/api/v1/geocode': {
		summary: 'Géocoder une adresse',
		description:
			'Adresse, commune ou code postal de la région → candidats, du meilleur au moins bon. Nombre de requêtes limité par client.',
		tags: ['Géocodage'],
		requestParams: { query: geocodeParams },
		responses: {
			'200': json(schemas.geocodeResult, 'Les candidats.'),
			...invalid,
			'429': json(schemas.errorBody, 'Trop de requêtes.')
		}
	},
	'/api/v1/reverse': {
		summary: 'La commune d’un point',
		description: 'Un point → la commune de la région qui le contient ; 404 hors de la région.',
		tags: ['Géocodage'],
		requestParams: { query: reverseParams },
		responses: {
			'200': json(schemas.reverseResult, 'La commune.'),
			...invalid,
			...unknown,
			'429': json(schemas.errorBody, 'Trop de requêtes.')
		}
	},
	'/api/v1/contacts': {
		summary: 'Structures et contacts d’un territoire (équipe régionale)',
		description:
			'Réservé à l’équipe régionale connectée (modération, administration). Structures d’un territoire (GET, territory requis) ou d’un polygone GeoJSON envoyé en POST, avec tous leurs contacts, par commune puis nom : { territory, items, total, limit, offset, next }. Mêmes filtres que /api/v1/structures, plus limit (1 000 par défaut, 10 000 au plus), offset et cursor (la valeur next de la page précédente).',
		tags: ['Équipe régionale'],
		security: [{ session: [] }],
		'x-access': 'personnel',
		requestParams: { query: contactsParams },
		responses: {
			'200': json(z.looseObject({ items: z.array(z.unknown()) }), 'La liste.'),
			...invalid,
			...staffOnly,
			...tooMany
		}
	},
	'/api/v1/contacts/export': {
		summary: 'Export des contacts (équipe régionale)',
		description:
			'Réservé à l’équipe régionale connectée : la même sélection que /api/v1/contacts en fichier à télécharger, toutes les pages (sans limite de nombre), format=csv (par défaut), vcf ou geojson.',
		tags: ['Équipe régionale'],
		security: [{ session: [] }],
		'x-access': 'personnel',
		requestParams: { query: contactsExportParams },
		responses: {
			'200': {
				description: 'Le fichier, en pièce jointe.',
				content: {
					'text/csv': { schema: schemas.csvText },
					'text/vcard': { schema: z.string() },
					'application/geo+json': {
						schema: z.looseObject({ type: z.literal('FeatureCollection') })
					}
				}
			},
			...invalid,
			...staffOnly,
			...tooMany
		}
	}
};

/** The drawn area the staff routes also take in POST, instead of `territory`. */
const drawnArea = z
	.looseObject({
		type: z.enum(['Polygon', 'MultiPolygon', 'Feature', 'FeatureCollection'])
	})
	.meta({
		description: `Un Polygon ou MultiPolygon GeoJSON (WGS 84, ${MAX_POLYGON_VERTICES} sommets au plus), nu ou dans une Feature ou une FeatureCollection d’une Feature ; remplace territory.`
	});

/** `POST` of a staff route: its `GET` for a drawn area sent as GeoJSON or as a form field. */
const withDrawnArea = (operation: ZodOpenApiOperationObject): ZodOpenApiOperationObject => ({
	...operation,
	summary: `${operation.summary} — zone tracée`,
	requestBody: {
		required: true,
		content: {
			'application/json': { schema: drawnArea },
			'application/geo+json': { schema: drawnArea },
			'application/x-www-form-urlencoded': {
				schema: z.object({ polygon: z.string().meta({ description: 'Le GeoJSON, en texte.' }) })
			}
		}
	},
	responses: {
		...operation.responses,
		'400': json(schemas.errorBody, 'Un paramètre ou le polygone est invalide.'),
		'415': json(schemas.errorBody, 'Corps ni GeoJSON ni formulaire.')
	}
});

/** The routes that also answer `POST`. */
const POSTED = ['/api/v1/contacts', '/api/v1/contacts/export'];

let cached: ReturnType<typeof createDocument> | undefined;

/** The document (built once per process: it depends on code only). */
export function openApiDocument() {
	cached ??= createDocument({
		openapi: '3.1.0',
		info: {
			title: 'API de Cartonum',
			version: '1.0.0',
			description:
				'API en lecture de Cartonum : structures de l’écosystème du numérique éducatif de Bourgogne-Franche-Comté, programmes de la feuille de route, territoires, recherche, géocodage et fichiers complets de données ouvertes. Réponses JSON (GeoJSON ou CSV sur demande), ouvertes à toutes les origines (CORS), sans clé. Un paramètre invalide donne 400 { error: { message, parameter } } en français ; un identifiant inconnu donne 404 { error: { message } }.',
			license: { name: 'Données : Licence Ouverte 2.0 et ODbL 1.0 (voir /api/v1/licences)' }
		},
		components: {
			securitySchemes: {
				session: { type: 'apiKey', in: 'cookie', name: 'session' }
			}
		},
		paths: Object.fromEntries(
			Object.entries(operations).map(([route, operation]) => [
				route,
				POSTED.includes(route)
					? { get: operation, post: withDrawnArea(operation) }
					: { get: operation }
			])
		)
	});
	return cached;
}
