import { CHANGE_KINDS as KINDS, type ChangeKind } from '../../domain/import-changes';
import { isEmpty, same, type Values } from './merge';
import type { Json } from './types';

/**
 * The change set of an import against what is published: what a moderator wants to know
 * before an official re-import lands. Pure: computed from the merged values of each record.
 */

export { CHANGE_KINDS, CHANGE_LABELS, type ChangeKind } from '../../domain/import-changes';

/** A move shorter than this is a correction of the point, not a move. */
export const MOVE_THRESHOLD_M = 100;

export interface ImportChange {
	kind: ChangeKind;
	structureId: string | null;
	recordId: string;
	name: string;
	/** The merged field: name, location, status, identifiers.<scheme>, attributes.<key>… */
	path: string;
	before: Json;
	after: Json;
	summary: string;
	/** The field holds a local edit (partner or moderator): the change waits for a moderator. */
	conflict: boolean;
}

interface Location {
	lon: number;
	lat: number;
}

/** Great-circle distance in metres (spherical Earth, enough to tell 100 m apart). */
export function distanceMeters(a: Location, b: Location): number {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h =
		Math.sin(dLat / 2) ** 2 +
		Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function asLocation(value: Json | undefined): Location | null {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		const { lon, lat } = value as Record<string, Json>;
		if (typeof lon === 'number' && typeof lat === 'number') return { lon, lat };
	}
	return null;
}

const text = (value: Json | undefined) =>
	value === null || value === undefined
		? '—'
		: typeof value === 'string'
			? value
			: JSON.stringify(value);

/** The kind of a changed path, or null when the change is not one moderators review. */
function kindOf(path: string, before: Json, after: Json): ChangeKind | null {
	if (path === 'name') return 'renamed';
	if (path === 'status') return after === 'closed' && before !== 'closed' ? 'closed' : null;
	if (path === 'location') {
		const [a, b] = [asLocation(before), asLocation(after)];
		return a && b && distanceMeters(a, b) > MOVE_THRESHOLD_M ? 'moved' : null;
	}
	if (path.startsWith('identifiers.') || path === 'attributes.siren_siret') return 'identifiers';
	return null;
}

function summaryOf(kind: ChangeKind, path: string, before: Json, after: Json): string {
	switch (kind) {
		case 'renamed':
			return `« ${text(before)} » → « ${text(after)} »`;
		case 'closed':
			return 'Fermée selon la source (état « fermé »)';
		case 'moved': {
			const meters = distanceMeters(asLocation(before)!, asLocation(after)!);
			return `Déplacée de ${Math.round(meters)} m`;
		}
		case 'identifiers':
			return `${path.replace(/^identifiers\.|^attributes\./, '')} : ${text(before)} → ${text(after)}`;
		default:
			return `${path} : ${text(before)} → ${text(after)}`;
	}
}

export interface RecordComparison {
	structureId: string;
	recordId: string;
	name: string;
	/** The structure's values now, and the record's, as merge.ts flattens them. */
	current: Values;
	incoming: Values;
	/** What the record's dataset wrote last time (null: first time this dataset sees it). */
	previous: Values | null;
	/** Paths the merge writes, and paths it keeps because a person changed them. */
	applied: Values;
	keptLocal: string[];
	/** Identifiers the source gives that differ from the stored ones, by scheme. */
	identifiers: { scheme: string; before: string; after: string }[];
}

/**
 * What changes for one existing structure. A local edit is a conflict only when the source
 * itself changed that field since its last import (otherwise every re-import would ask again
 * about edits already settled).
 */
export function changesOf(c: RecordComparison): ImportChange[] {
	const result: ImportChange[] = [];
	const base = { structureId: c.structureId, recordId: c.recordId, name: c.name };
	for (const [path, after] of Object.entries(c.applied)) {
		const before = c.current[path] ?? null;
		const kind = kindOf(path, before, after);
		if (kind)
			result.push({
				...base,
				kind,
				path,
				before,
				after,
				summary: summaryOf(kind, path, before, after),
				conflict: false
			});
	}
	for (const path of c.keptLocal) {
		const after = c.incoming[path] ?? null;
		if (!c.previous || same(c.previous[path] ?? null, after) || isEmpty(after)) continue;
		const before = c.current[path] ?? null;
		const kind = kindOf(path, before, after) ?? 'other';
		result.push({
			...base,
			kind,
			path,
			before,
			after,
			summary: summaryOf(kind, path, before, after),
			conflict: true
		});
	}
	for (const identifier of c.identifiers)
		result.push({
			...base,
			kind: 'identifiers',
			path: `identifiers.${identifier.scheme}`,
			before: identifier.before,
			after: identifier.after,
			summary: summaryOf(
				'identifiers',
				`identifiers.${identifier.scheme}`,
				identifier.before,
				identifier.after
			),
			conflict: true
		});
	return result;
}

export function countByKind(changes: ImportChange[]): Record<ChangeKind, number> {
	const counts = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<ChangeKind, number>;
	for (const change of changes) counts[change.kind]++;
	return counts;
}
