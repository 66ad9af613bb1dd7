import { MODES, type Mode } from '../../domain/contact-modes';

/**
 * The parameters of the page /contacts: the chooser's (mode, commune, centre, km, groupe,
 * zone) and the structure filters, read from the URL or from the zone form.
 */

/** Parameters the page reads as filters (the others are the chooser's). */
const FILTER_PARAMS = [
	'category',
	'programme',
	'territory',
	'sector',
	'level',
	'pathway',
	'priority',
	'freshness'
];

/** The facts kept in a zone link, with the filters. */
const FACT_PARAMS = ['sector', 'level', 'pathway', 'priority', 'freshness'] as const;

type Source = URLSearchParams | FormData;

export function filterParams(source: Source): URLSearchParams {
	const params = new URLSearchParams();
	for (const name of FILTER_PARAMS)
		for (const value of source.getAll(name))
			if (typeof value === 'string' && value !== '') params.append(name, value);
	return params;
}

export type Facts = Record<(typeof FACT_PARAMS)[number], string | null>;

/** Secteur, niveau, voie, éducation prioritaire, fraîcheur as chosen (first value of each). */
export function factsOf(source: Source): Facts {
	const one = (name: string) => {
		const value = source.get(name);
		return typeof value === 'string' && value.trim() ? value.trim() : null;
	};
	return {
		sector: one('sector'),
		level: one('level'),
		pathway: one('pathway'),
		priority: one('priority'),
		freshness: one('freshness')
	};
}

/** Categories and programmes as chosen, comma lists split. */
export function listOf(source: Source, name: 'category' | 'programme'): string[] {
	return source
		.getAll(name)
		.filter((v): v is string => typeof v === 'string')
		.flatMap((v) => v.split(','))
		.filter(Boolean);
}

export function readMode(params: URLSearchParams): Mode {
	const mode = params.get('mode');
	if (mode && (MODES as readonly string[]).includes(mode)) return mode as Mode;
	if (params.get('zone')) return 'zone';
	const territory = params.get('territory') ?? '';
	if (territory.startsWith('radius:')) return 'rayon';
	if (territory.startsWith('com:')) return 'commune';
	if (territory.startsWith('epci:')) return 'epci';
	return 'departement';
}

/** What the forms show back: the chooser's fields and the filters. */
export function pageQuery(params: URLSearchParams) {
	return {
		territory: params.get('territory') ?? '',
		categories: listOf(params, 'category'),
		programmes: listOf(params, 'programme'),
		commune: params.get('commune') ?? '',
		centre: params.get('centre') ?? '',
		km: params.get('km') ?? '10',
		facts: factsOf(params),
		group: params.get('groupe') === 'categorie' ? ('categorie' as const) : ('commune' as const),
		/** The zone of a zone link, as GeoJSON text for the form's field. */
		polygon: ''
	};
}

export type PageQuery = ReturnType<typeof pageQuery>;

/** The link of a zone's results: the zone's code, then its filters (no territory). */
export function zoneParams(code: string, form: Source): URLSearchParams {
	const params = new URLSearchParams({ mode: 'zone', zone: code });
	const filters = listOf(form, 'category');
	if (filters.length) params.set('category', filters.join(','));
	const programmes = listOf(form, 'programme');
	if (programmes.length) params.set('programme', programmes.join(','));
	const facts = factsOf(form);
	for (const name of FACT_PARAMS) if (facts[name]) params.set(name, facts[name]);
	return params;
}
