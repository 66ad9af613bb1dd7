import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { noParameters, parseQuery } from '../../src/lib/domain/query-params';

/** A query schema as the API writes them: a list, a single value with its message, a required one. */
const schema = z.object({
	kind: z.array(z.enum(['a', 'b'], { error: 'Paramètre « kind » invalide.' })).optional(),
	size: z
		.string()
		.regex(/^\d+$/, { error: 'Paramètre « size » invalide.' })
		.transform(Number)
		.optional(),
	name: z.string({ error: 'Paramètre « name » manquant : indiquez un nom.' })
});

const read = (query: string, unknown?: 'refuse' | 'ignore') =>
	parseQuery(new URLSearchParams(query), schema, unknown ? { unknown } : {});

describe('parseQuery', () => {
	it('reads lists repeated or comma-separated, single values, and transforms them', () => {
		expect(read('name=x&kind=a,b&kind=a&size=3')).toEqual({
			ok: true,
			value: { name: 'x', kind: ['a', 'b'], size: 3 }
		});
		expect(read('name=x&size=%20')).toEqual({
			ok: true,
			value: { name: 'x', kind: [], size: undefined }
		});
	});

	it('refuses, naming the parameter: a bad value, a repeated single value, a missing one', () => {
		expect(read('name=x&kind=c')).toMatchObject({ ok: false, parameter: 'kind' });
		expect(read('name=x&size=1&size=2')).toEqual({
			ok: false,
			parameter: 'size',
			message: 'Paramètre « size » répété : une seule valeur est acceptée.'
		});
		expect(read('name=%20')).toEqual({
			ok: false,
			parameter: 'name',
			message: 'Paramètre « name » manquant : indiquez un nom.'
		});
	});

	it('refuses a parameter the schema does not list, unless told to ignore it (pages)', () => {
		expect(read('name=x&secteur=prive')).toEqual({
			ok: false,
			parameter: 'secteur',
			message:
				'Paramètre inconnu « secteur » : il n’est pas pris en compte. Paramètres acceptés : kind, size, name.'
		});
		expect(read('name=x&secteur=prive', 'ignore')).toMatchObject({ ok: true });
		expect(parseQuery(new URLSearchParams('v=2'), noParameters)).toMatchObject({
			ok: false,
			parameter: 'v',
			message: expect.stringMatching(/n’accepte aucun paramètre\.$/)
		});
	});
});
