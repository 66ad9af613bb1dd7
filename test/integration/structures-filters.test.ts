import { beforeAll, describe, expect, it } from 'vitest';
import {
	emptyFilters,
	parseStructureFilters,
	type StructureFilters
} from '../../src/lib/domain/structure-filters';
import * as structures from '../../src/lib/server/structures';
import { EPCI, placesDatabase } from './structures-fixtures';

beforeAll(async () => {
	await placesDatabase();
});

/** Filters as the API reads them from a query string. */
function filters(query: string): StructureFilters {
	const parsed = parseStructureFilters(new URLSearchParams(query));
	if (!parsed.ok) throw new Error(parsed.message);
	return parsed.value;
}

async function names(query: string): Promise<string[]> {
	const page = await structures.list(filters(query), { limit: 500 });
	expect(page.total).toBe(page.items.length);
	return page.items.map((s) => s.name).sort();
}

const DIJON = [
	'Collège de Bèze',
	'Fablab de Saint-Apollinaire',
	'Lycée de Cluny',
	'École d’Aubigny'
].sort();

describe('structure filters', () => {
	it('shows only published structures when nothing is filtered', async () => {
		const all = await names('');
		expect(all).toHaveLength(8);
		expect(all).not.toContain('Association en attente');
		expect(all).not.toContain('Collège fermé');
	});

	it('filters by region through the départements the region contains', async () => {
		expect(await names('territory=reg:27')).toEqual(
			[...DIJON, 'Université de Besançon', 'Tiers-lieu d’Ornans'].sort()
		);
		expect(await names('territory=reg:84')).toEqual(['Canopé d’Ambérieu']);
		expect(await names('territory=reg:11')).toEqual([]);
	});

	it('filters by académie, département, EPCI and commune through the commune attributes', async () => {
		expect(await names('territory=aca:dijon')).toEqual(DIJON);
		expect(await names('territory=aca:besancon')).toEqual(
			['Tiers-lieu d’Ornans', 'Université de Besançon'].sort()
		);
		expect(await names('territory=dep:21')).toEqual(
			['Collège de Bèze', 'Fablab de Saint-Apollinaire', 'École d’Aubigny'].sort()
		);
		expect(await names('territory=dep:71')).toEqual(['Lycée de Cluny']);
		expect(await names(`territory=epci:${EPCI.one}`)).toEqual(
			['Collège de Bèze', 'École d’Aubigny'].sort()
		);
		// EPCI 2 spans two départements.
		expect(await names(`territory=epci:${EPCI.two}`)).toEqual(
			['Fablab de Saint-Apollinaire', 'Lycée de Cluny'].sort()
		);
		expect(await names('territory=com:21002')).toEqual(['Collège de Bèze']);
		expect(await names('territory=com:99999')).toEqual([]);
	});

	it('finds the structures of a merged commune by its former code', async () => {
		expect(await names('territory=com:25999')).toEqual(['Tiers-lieu d’Ornans']);
	});

	it('leaves a structure without commune out of every administrative territory', async () => {
		for (const t of ['reg:27', 'aca:dijon', 'dep:21', `epci:${EPCI.one}`, 'com:21002'])
			expect(await names(`territory=${t}`)).not.toContain('Point visio sans commune');
		expect(await names('bbox=4.8,47.8,5,48')).toContain('Point visio sans commune');
	});

	it('filters by bounding box, edges included', async () => {
		expect(await names('bbox=4,47,5,48')).toEqual(
			[
				'Collège de Bèze',
				'Fablab de Saint-Apollinaire',
				'Point visio sans commune',
				'École d’Aubigny'
			].sort()
		);
		expect(await names('bbox=5.5,46.5,6.5,47')).toEqual(
			['Canopé d’Ambérieu', 'Tiers-lieu d’Ornans'].sort()
		);
		expect(await names('bbox=0,0,1,1')).toEqual([]);
	});

	it('filters by categories, any of them, secondary categories included', async () => {
		expect(await names('category=fablab-tiers-lieu')).toEqual(
			['Fablab de Saint-Apollinaire', 'Tiers-lieu d’Ornans'].sort()
		);
		expect(await names('category=ecole,college&category=lycee')).toEqual(
			['Collège de Bèze', 'Lycée de Cluny', 'École d’Aubigny'].sort()
		);
		expect(await names('category=association')).toEqual([]);
	});

	it('filters by programme, any of them, published structures only', async () => {
		expect(await names('programme=2')).toEqual(['Collège de Bèze', 'Lycée de Cluny'].sort());
		expect(await names('programme=1,3')).toEqual(
			['Fablab de Saint-Apollinaire', 'Lycée de Cluny', 'Université de Besançon'].sort()
		);
		expect(await names('programme=21')).toEqual([]);
	});

	it('finds a structure by identifier, UAI in any case', async () => {
		expect(await names('identifier=uai:0251215k')).toEqual(['Université de Besançon']);
		expect(await names('identifier=siret:19251215000011')).toEqual(['Université de Besançon']);
		expect(await names('identifier=mednum-bfc:m-1')).toEqual(['Fablab de Saint-Apollinaire']);
		expect(await names('identifier=uai:0000000X')).toEqual([]);
	});

	it('matches q against every word of the name, ignoring accents and case', async () => {
		expect(await names('q=college beze')).toEqual(['Collège de Bèze']);
		expect(await names('q=0710001C')).toEqual(['Lycée de Cluny']);
		expect(await names('q=100%')).toEqual([]);
	});

	it('combines filters with AND', async () => {
		expect(await names('territory=aca:dijon&category=college,lycee&programme=2')).toEqual(
			['Collège de Bèze', 'Lycée de Cluny'].sort()
		);
		expect(await names('territory=dep:21&category=lycee')).toEqual([]);
		expect(await names('territory=aca:dijon&bbox=4,47.5,5,48&category=ecole')).toEqual([
			'École d’Aubigny'
		]);
	});

	it('gives the map exactly the structures of the list, with light properties', async () => {
		for (const query of [
			'',
			'territory=aca:dijon',
			'category=fablab-tiers-lieu',
			'bbox=4,46,5,47.6'
		]) {
			const f = filters(query);
			const page = await structures.list(f, { limit: 500 });
			const map = await structures.features(f);
			expect(map.type).toBe('FeatureCollection');
			expect(map.features.map((x) => x.properties.id).sort()).toEqual(
				page.items.map((s) => s.id).sort()
			);
			for (const feature of map.features) {
				const item = page.items.find((s) => s.id === feature.properties.id)!;
				expect(Object.keys(feature.properties).sort()).toEqual(['category', 'id', 'name']);
				expect(feature.properties.category).toBe(item.categories[0]);
				expect(feature.properties.name).toBe(item.name);
				expect(feature.geometry).toEqual(item.geometry);
			}
		}
	});

	it('counts structures by category, once in each of their categories', async () => {
		const counts = await structures.countByCategory(filters('territory=reg:27'));
		expect(counts).toEqual([
			{ category: 'ecole', count: 1 },
			{ category: 'college', count: 1 },
			{ category: 'lycee', count: 1 },
			{ category: 'enseignement-superieur', count: 1 },
			{ category: 'fablab-tiers-lieu', count: 2 },
			{ category: 'mediation-numerique', count: 1 }
		]);
		expect(await structures.count(filters('territory=reg:27'))).toBe(6);
	});

	it('returns light features inside bounds', async () => {
		const inside = await structures.inBounds([5, 46, 6, 48], {
			...emptyFilters(),
			categories: ['fablab-tiers-lieu']
		});
		expect(inside.features.map((f) => f.properties.name)).toEqual(['Tiers-lieu d’Ornans']);
	});

	it('shapes list items exactly as the API documents them', async () => {
		const page = await structures.list(filters('identifier=uai:0251215K'));
		expect(page.items).toHaveLength(1);
		const item = page.items[0]!;
		expect(Object.keys(item).sort()).toEqual(
			[
				'categories',
				'commune',
				'confirmed_at',
				'confirmed_by',
				'geometry',
				'id',
				'identifiers',
				'location_precision',
				'name',
				'slug',
				'sector',
				'aliases',
				'former_names',
				'lifecycle',
				'updated_at'
			].sort()
		);
		expect(item).toMatchObject({
			name: 'Université de Besançon',
			categories: ['enseignement-superieur'],
			commune: { code: '25001', name: 'Besançon' },
			identifiers: { siret: '19251215000011', uai: '0251215K' },
			geometry: { type: 'Point', coordinates: [5.5, 47.5] },
			location_precision: 'exact'
		});
		const lonely = await structures.list(filters('q=sans commune'));
		expect(lonely.items[0]).toMatchObject({ commune: null, identifiers: {} });
	});
});
