import { describe, expect, it } from 'vitest';
import { isStale, staleBefore } from '../../src/lib/domain/freshness';
import {
	filtersToSearchParams,
	parseStructureFilters
} from '../../src/lib/domain/structure-filters';
import { changesOf, distanceMeters } from '../../src/lib/server/import/changes';

describe('freshness rules', () => {
	const now = new Date('2026-12-03T12:00:00Z');

	it('is stale past the threshold, fresh until it', () => {
		expect(staleBefore(now, 12).toISOString()).toBe('2025-12-03T12:00:00.000Z');
		expect(isStale('2025-12-03T11:59:59Z', now, 12)).toBe(true);
		expect(isStale('2025-12-03T12:00:01Z', now, 12)).toBe(false);
		expect(isStale('2026-06-01T00:00:00Z', now, 6)).toBe(true);
	});

	it('reads and writes freshness=stale, and names the parameter of a bad value', () => {
		const parsed = parseStructureFilters(new URLSearchParams('freshness=stale&category=ecole'));
		expect(parsed.ok && parsed.value.freshness).toBe('stale');
		if (parsed.ok) expect(filtersToSearchParams(parsed.value).get('freshness')).toBe('stale');
		const bad = parseStructureFilters(new URLSearchParams('freshness=old'));
		expect(bad).toMatchObject({ ok: false, parameter: 'freshness' });
		expect(parseStructureFilters(new URLSearchParams('freshness=')).ok).toBe(true);
	});
});

describe('import change set', () => {
	const point = (lon: number, lat: number) => ({ lon, lat, precision: 'exact', note: null });
	const base = {
		structureId: 'id',
		recordId: '0211234C',
		name: 'École',
		previous: { name: 'École A', location: point(5, 47) },
		identifiers: []
	};

	it('measures distances on the sphere', () => {
		expect(
			Math.round(distanceMeters({ lon: 5, lat: 47 }, { lon: 5, lat: 47 + 300 / 111_195 }))
		).toBe(300);
	});

	it('lists moves above 100 m only, renames and closures', () => {
		const current = { name: 'École A', location: point(5, 47), status: 'published' };
		const incoming = {
			name: 'École B',
			location: point(5, 47 + 50 / 111_195),
			status: 'closed'
		};
		const kinds = changesOf({
			...base,
			current,
			incoming,
			applied: incoming,
			keptLocal: []
		}).map((c) => c.kind);
		expect(kinds.sort()).toEqual(['closed', 'renamed']);
		const far = { ...incoming, location: point(5.01, 47) };
		expect(
			changesOf({
				...base,
				current,
				incoming: far,
				applied: { location: far.location },
				keptLocal: []
			})[0]?.kind
		).toBe('moved');
	});

	it('a local edit is a conflict only when the source changed that field', () => {
		const current = { name: 'Nom local', location: point(5, 47) };
		const unchanged = changesOf({
			...base,
			current,
			incoming: { name: 'École A' },
			applied: {},
			keptLocal: ['name']
		});
		expect(unchanged).toEqual([]);
		const changed = changesOf({
			...base,
			current,
			incoming: { name: 'École C' },
			applied: {},
			keptLocal: ['name']
		});
		expect(changed).toMatchObject([{ kind: 'renamed', conflict: true, after: 'École C' }]);
	});
});
