import { describe, expect, it } from 'vitest';
import { classifier, readClassificationRules } from '../../src/lib/server/import/classification';
import { applyLifecycleEntries, readLifecycle } from '../../src/lib/server/import/lifecycle';
import type { StructureRecord } from '../../src/lib/server/import/types';

const rules = readClassificationRules('db/data');
const classify = classifier(rules);
const mednum = (name: string, typology: string, labels = '', id = 'x') =>
	classify('mednum-bfc', {
		id,
		name,
		typology: typology.split('-').filter(Boolean),
		labels: labels.split('-').filter(Boolean)
	});

describe('db/data/classification-rules.json', () => {
	it('justifies every rule and override', () => {
		for (const set of Object.values(rules.datasets))
			for (const item of [...set.rules, ...Object.values(set.overrides)])
				expect(item.justification.length).toBeGreaterThan(30);
	});

	it('reads typology codes, not names: F with I and no fabrication proof is an access point', () => {
		for (const name of ['Agence Crédit Agricole Ornans', 'Espace numérique', 'Fablab de la gare'])
			expect(mednum(name, 'F-I')).toMatchObject({
				categories: ['mediation-numerique'],
				kind: 'point-acces',
				rule: 'point-acces'
			});
	});

	it('needs fabrication attested twice to call a place a fablab', () => {
		expect(mednum('Atelier', 'F-TL', 'F-BFC')).toMatchObject({
			categories: ['fablab-tiers-lieu'],
			kind: 'fablab'
		});
		expect(mednum('Atelier', 'F', 'APTIC-F')).toMatchObject({
			kind: 'fablab',
			rule: 'fablab-label'
		});
		expect(mednum('Atelier', 'F', 'APTIC')).toMatchObject({
			categories: ['mediation-numerique'],
			rule: 'fabrication-non-attestee'
		});
		expect(mednum('Tiers-lieu', 'M-TL')).toMatchObject({
			categories: ['fablab-tiers-lieu', 'mediation-numerique'],
			kind: 'tiers-lieu'
		});
		expect(mednum('Cowork', 'T')).toMatchObject({ kind: 'coworking' });
	});

	it('files the Ateliers Canopé under canope whatever their typology, and honours overrides', () => {
		for (const typology of ['T', 'M', ''])
			expect(mednum('Atelier Canopé 21 - Dijon', typology)).toMatchObject({
				categories: ['canope'],
				rule: 'reseau-canope'
			});
		const [id] = Object.keys(rules.datasets['mednum-bfc']!.overrides);
		expect(mednum('Un lieu', '', '', id).rule).toBe(`override:${id}`);
		expect(mednum('Un lieu', '').rule).toBe('sans-typologie');
	});
});

describe('db/data/lifecycle.json', () => {
	const record = (value: string, name: string): StructureRecord => ({
		line: 2,
		datasetId: 'esr-etablissements',
		recordId: value,
		identifiers: [{ scheme: 'paysage', value }],
		name,
		categories: ['enseignement-superieur'],
		website: null,
		email: null,
		phone: null,
		addressStreet: null,
		postcode: null,
		communeCode: null,
		point: null,
		status: 'published',
		sourceUpdatedAt: null,
		attributes: {}
	});

	it('cites a source for every entry and applies mergers and renamings to the records', () => {
		const file = readLifecycle('db/data');
		for (const entry of file.entries) expect(entry.source.url).toMatch(/^https:\/\//);
		const merged = file.entries.find((e) => e.event === 'merged')!;
		const renamed = file.entries.find((e) => e.event === 'renamed')!;
		const records = [
			record(merged.structure.value, 'Ancienne université'),
			record(renamed.structure.value, 'Ancien nom'),
			record('unrelated', 'Autre')
		];
		applyLifecycleEntries(records, file);
		expect(records[0]).toMatchObject({
			status: 'archived',
			lifecycle: { state: 'merged', date: merged.date }
		});
		expect(records[1]).toMatchObject({ status: 'published', formerNames: ['Ancien nom'] });
		expect(records[1]!.name).not.toBe('Ancien nom');
		expect(records[2]!.lifecycle).toBeUndefined();
	});
});
