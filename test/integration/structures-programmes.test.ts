import { beforeAll, describe, expect, it } from 'vitest';
import * as programmes from '../../src/lib/server/programmes';
import { placesDatabase } from './structures-fixtures';

beforeAll(async () => {
	await placesDatabase();
});

describe('programmes', () => {
	it('lists the axes, structuring ones first', async () => {
		expect(await programmes.axes()).toEqual([
			{ code: 'S1', kind: 'structurant', number: 1, title: 'Gouvernance', partners: [] },
			{
				code: 'O1',
				kind: 'opérationnel',
				number: 1,
				title: 'Formation',
				partners: ['Réseau Canopé']
			}
		]);
	});

	it('lists programmes with their axis and their published structures only', async () => {
		const list = await programmes.list();
		expect(list.map((p) => [p.number, p.axis.code, p.structure_count])).toEqual([
			[1, 'S1', 1],
			// The pending association linked to programme 2 is not counted.
			[2, 'O1', 2],
			[3, 'O1', 2]
		]);
		expect(list[1]).toEqual({
			number: 2,
			title: 'Formation continue',
			summary: 'Résumé 2',
			axis: { code: 'O1', kind: 'opérationnel', number: 1, title: 'Formation' },
			structure_count: 2
		});
	});

	it('gives one programme with its actions and contributors, most involved roles first', async () => {
		const p3 = await programmes.get(3);
		expect(p3).toMatchObject({ number: 3, title: 'Ressources', actions: [] });
		expect(p3!.roles).toEqual([
			{ role: 'partenaire', count: 1 },
			{ role: 'feuille-de-route', count: 1 }
		]);
		expect(p3!.structures.map((s) => [s.name, s.role])).toEqual([
			['Fablab de Saint-Apollinaire', 'partenaire'],
			['Lycée de Cluny', 'feuille-de-route']
		]);
		expect(p3!.structures[0]).toMatchObject({
			categories: ['mediation-numerique', 'fablab-tiers-lieu'],
			commune: { code: '21003', name: 'Saint-Apollinaire' }
		});
		const p2 = await programmes.get(2);
		expect(p2!.actions).toEqual(['Action A', 'Action B']);
		expect(p2!.structures.map((s) => s.name)).not.toContain('Association en attente');
		expect(await programmes.get(21)).toBeNull();
		expect(await programmes.get(0)).toBeNull();
	});

	it('gives one axis with its programmes', async () => {
		const o1 = await programmes.axis('o1');
		expect(o1).toMatchObject({ code: 'O1', partners: ['Réseau Canopé'] });
		expect(o1!.programmes.map((p) => p.number)).toEqual([2, 3]);
		expect(await programmes.axis('O9')).toBeNull();
	});
});
