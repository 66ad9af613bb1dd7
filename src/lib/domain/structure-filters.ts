import { z } from 'zod';
import type { CategoryCode } from './categories';
import type { Cursor } from './cursor';
import {
	bboxSchema,
	categorySchema,
	cursorSchema,
	DEFAULT_LIMIT,
	freshnessSchema,
	identifierSchema,
	levelSchema,
	limitSchema,
	MAX_LIMIT,
	pathwaySchema,
	prioritySchema,
	programmeSchema,
	querySchema,
	sectorSchema,
	territorySchema,
	type BBox
} from './filter-schemas';
import type { FreshnessFilter } from './freshness';
import { parseQuery, type ParsedParams, type QueryValues } from './query-params';
import type { Level, Pathway, Priority, Sector } from './school-facts';
import { MAX_RADIUS_METERS, formatTerritory, type TerritoryRef } from './territory-code';

// The parameter schemas, the query reading helpers and the cursors live in their own files;
// what the rest of the app imports from here stays here.
export { DEFAULT_LIMIT, MAX_LIMIT, type BBox } from './filter-schemas';
export {
	parseQuery,
	rejectUnknownParameters,
	type ParsedParams,
	type QueryValues
} from './query-params';
export { decodeCursor, encodeCursor, type Cursor } from './cursor';

/**
 * The filters shared by the API, the map and the list. The query parameter names are the
 * same in the API and in the UI URLs, so a link reproduces what it shows.
 */
export interface StructureFilters {
	categories: CategoryCode[];
	programmes: number[];
	territory?: TerritoryRef;
	bbox?: BBox;
	identifier?: { scheme: string; value: string };
	q?: string;
	/** School facts (`sector=`, `level=`, `pathway=`, `priority=`): any of the values. */
	sectors?: Sector[];
	levels?: Level[];
	pathways?: Pathway[];
	priorities?: Priority[];
	/** `stale`: only the fiches « à vérifier » (not confirmed within the freshness threshold). */
	freshness?: FreshnessFilter;
}

export interface ListOptions {
	limit: number;
	cursor?: Cursor;
}

export const emptyFilters = (): StructureFilters => ({ categories: [], programmes: [] });

/**
 * The query parameters of the structure filters, as the API documents them. Lists accept
 * repeated parameters (`category=ecole&category=college`) or comma-separated values.
 */
export const structureFilterParams = z.object({
	category: z
		.array(categorySchema)
		.optional()
		.meta({
			description:
				'Catégories, répétées ou séparées par des virgules ; une structure en a une principale et parfois d’autres.',
			example: ['college', 'lycee']
		}),
	programme: z
		.array(programmeSchema)
		.optional()
		.meta({
			description:
				'Numéros de programmes de la feuille de route (1 à 21), répétés ou séparés par des virgules.',
			example: ['6']
		}),
	territory: territorySchema.optional().meta({
		description: `Un territoire : reg:27, aca:besancon, aca:dijon, dep:21, epci:<SIREN>, com:<code INSEE>, ou un cercle radius:<longitude>,<latitude>,<mètres> (${MAX_RADIUS_METERS / 1000} km au plus).`,
		example: 'dep:21'
	}),
	bbox: bboxSchema.optional().meta({
		description: 'Rectangle ouest,sud,est,nord en degrés WGS 84.',
		example: '4.5,46.9,5.5,47.6'
	}),
	identifier: identifierSchema.optional().meta({
		description: 'Un identifiant schéma:valeur (uai, siret, rnsr, paysage, mednum-bfc…).',
		example: 'uai:0210024M'
	}),
	q: querySchema.optional().meta({
		description:
			'Mots du nom, des sigles ou des noms antérieurs (sans tenir compte des accents ni de la casse) ou identifiant exact.',
		example: 'fablab'
	}),
	sector: z
		.array(sectorSchema)
		.optional()
		.meta({
			description: 'Secteur des écoles, collèges et lycées : public ou private.',
			example: ['private']
		}),
	level: z
		.array(levelSchema)
		.optional()
		.meta({
			description:
				'Niveau d’une école : maternelle ou elementaire (une école primaire a les deux).',
			example: ['maternelle']
		}),
	pathway: z
		.array(pathwaySchema)
		.optional()
		.meta({
			description: 'Voie d’un lycée : generale, technologique ou professionnelle.',
			example: ['professionnelle']
		}),
	priority: z
		.array(prioritySchema)
		.optional()
		.meta({
			description: 'Éducation prioritaire : rep ou rep-plus.',
			example: ['rep-plus']
		}),
	freshness: freshnessSchema.optional().meta({
		description:
			'stale : seulement les fiches « à vérifier », non confirmées depuis plus de 12 mois (réglage FRESHNESS_MONTHS).',
		example: 'stale'
	})
});

/** The query parameters the structure filters read (the fields of `structureFilterParams`). */
export const FILTER_PARAMETERS = Object.keys(
	structureFilterParams.shape
) as readonly (keyof typeof structureFilterParams.shape)[];

/** `limit` and `cursor` of the paginated list. */
export const listOptionParams = z.object({
	limit: limitSchema.optional().meta({
		description: `Nombre de structures par page, de 1 à ${MAX_LIMIT} (${DEFAULT_LIMIT} par défaut).`,
		example: '50'
	}),
	cursor: cursorSchema.optional().meta({
		description: 'La valeur next de la page précédente, telle quelle.'
	})
});

/**
 * Reads the structure filters from query parameters. Unknown parameters (the UI's `map`,
 * `vue`…) are ignored; blank values count as absent, so empty form fields filter nothing.
 */
export function parseStructureFilters(params: URLSearchParams): ParsedParams<StructureFilters> {
	const read = parseQuery(params, structureFilterParams, { unknown: 'ignore' });
	return read.ok ? { ok: true, value: filtersFrom(read.value) } : read;
}

/** The filters from the values of their parameters (read by `parseQuery`). */
export function filtersFrom(values: QueryValues<typeof structureFilterParams>): StructureFilters {
	const { category, programme, territory, bbox, identifier, q, freshness } = values;
	const filters: StructureFilters = {
		categories: category as CategoryCode[],
		programmes: programme
	};
	if (territory) filters.territory = territory;
	if (bbox) filters.bbox = bbox;
	if (identifier) filters.identifier = identifier;
	if (q) filters.q = q;
	if (values.sector.length) filters.sectors = values.sector;
	if (values.level.length) filters.levels = values.level;
	if (values.pathway.length) filters.pathways = values.pathway;
	if (values.priority.length) filters.priorities = values.priority;
	if (freshness) filters.freshness = freshness;
	return filters;
}

/** Reads `limit` (1–500, default 100) and `cursor` (the `next` of the previous page). */
export function parseListOptions(params: URLSearchParams): ParsedParams<ListOptions> {
	const read = parseQuery(params, listOptionParams, { unknown: 'ignore' });
	if (!read.ok) return read;
	const options: ListOptions = { limit: read.value.limit ?? DEFAULT_LIMIT };
	if (read.value.cursor) options.cursor = read.value.cursor;
	return { ok: true, value: options };
}

/** The query parameters that `parseStructureFilters` reads back into the same filters. */
export function filtersToSearchParams(filters: StructureFilters): URLSearchParams {
	const params = new URLSearchParams();
	if (filters.categories.length) params.set('category', filters.categories.join(','));
	if (filters.programmes.length) params.set('programme', filters.programmes.join(','));
	if (filters.territory) params.set('territory', formatTerritory(filters.territory));
	if (filters.bbox) params.set('bbox', filters.bbox.join(','));
	if (filters.identifier)
		params.set('identifier', `${filters.identifier.scheme}:${filters.identifier.value}`);
	if (filters.q) params.set('q', filters.q);
	if (filters.sectors?.length) params.set('sector', filters.sectors.join(','));
	if (filters.levels?.length) params.set('level', filters.levels.join(','));
	if (filters.pathways?.length) params.set('pathway', filters.pathways.join(','));
	if (filters.priorities?.length) params.set('priority', filters.priorities.join(','));
	if (filters.freshness) params.set('freshness', filters.freshness);
	return params;
}
