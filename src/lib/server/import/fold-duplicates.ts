import type { TransactionSql } from '../db';
import { fold } from './text';
import type { Identifier, RowIssue, StructureRecord } from './types';

/**
 * One place listed twice in one dataset (same normalised name, same commune, source points
 * within 50 m) is one structure: the first row is kept, completed by the second (categories,
 * empty fields), and carries the second row's ids, which keep leading to it.
 */

export const SAME_PLACE_METRES = 50;

export function normalisedName(name: string): string {
	return fold(name)
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/** Great-circle distance in metres (spherical Earth: ample for 50 m). */
export function metresBetween(a: { lon: number; lat: number }, b: { lon: number; lat: number }) {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h =
		Math.sin(dLat / 2) ** 2 +
		Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}

export function foldDuplicates(
	records: StructureRecord[],
	warnings: RowIssue[]
): { records: StructureRecord[]; merged: number } {
	const groups = new Map<string, StructureRecord[]>();
	const kept: StructureRecord[] = [];
	let merged = 0;
	for (const record of records) {
		const key = `${record.datasetId}|${record.communeCode ?? ''}|${normalisedName(record.name)}`;
		const group = groups.get(key) ?? [];
		const twin = record.point
			? group.find((g) => g.point && metresBetween(g.point, record.point!) <= SAME_PLACE_METRES)
			: undefined;
		if (!twin) {
			group.push(record);
			groups.set(key, group);
			kept.push(record);
			continue;
		}
		merged++;
		absorb(twin, record);
		const metres = Math.round(metresBetween(twin.point!, record.point!));
		warnings.push({
			line: record.line,
			record: record.recordId,
			name: record.name,
			message: `Même lieu que la ligne ${twin.line} (${twin.recordId}) : même nom, même commune, à ${metres} m. Une seule structure, qui porte les deux identifiants de la source.`
		});
	}
	return { records: kept, merged };
}

function absorb(into: StructureRecord, other: StructureRecord) {
	into.foldedIds = [...(into.foldedIds ?? []), other.recordId];
	into.categories = [...new Set([...into.categories, ...other.categories])];
	into.website ??= other.website;
	into.email ??= other.email;
	into.phone ??= other.phone;
	into.addressStreet ??= other.addressStreet;
	into.postcode ??= other.postcode;
	into.sourceUpdatedAt =
		[into.sourceUpdatedAt, other.sourceUpdatedAt].filter(Boolean).sort().pop() ?? null;
	for (const [k, v] of Object.entries(other.attributes))
		if (!(k in into.attributes)) into.attributes[k] = v;
	into.attributes.identifiants_source_fusionnes = into.foldedIds;
	into.foldedIdentifiers = [...(into.foldedIdentifiers ?? []), ...other.identifiers];
}

/**
 * Records the folded rows' identifiers as aliases of the structure that absorbed them. A
 * structure an earlier import created for such a row is archived as merged into it.
 */
export async function writeFoldedIdentifiers(
	tx: TransactionSql,
	outcomes: { record: StructureRecord; id: string }[]
): Promise<void> {
	const rows = outcomes.flatMap(({ record, id }) =>
		(record.foldedIdentifiers ?? []).map((i: Identifier) => ({
			id,
			scheme: i.scheme,
			value: i.value,
			reason: `Même lieu que ${record.recordId} dans le jeu ${record.datasetId} (même nom, à moins de ${SAME_PLACE_METRES} m)`
		}))
	);
	if (rows.length === 0) return;
	const json = JSON.stringify(rows);
	const changed = await tx<{ structure_id: string }[]>`
		insert into structure_identifier_aliases (scheme, value, structure_id, reason)
		select x.scheme, x.value, x.id, x.reason
		from json_to_recordset(${json}::text::json) as x(id uuid, scheme text, value text, reason text)
		on conflict (scheme, value) do update set structure_id = excluded.structure_id,
			reason = excluded.reason
		where (structure_identifier_aliases.structure_id, structure_identifier_aliases.reason)
			is distinct from (excluded.structure_id, excluded.reason)
		returning structure_id`;
	// The search document of the structure lists the identifiers that lead to it.
	if (changed.length)
		await tx`
			insert into search_outbox (structure_id, operation)
			select distinct value::uuid, 'upsert'
			from json_array_elements_text(${JSON.stringify(changed.map((r) => r.structure_id))}::text::json)`;
	await tx`
		update structures s set status = 'archived', lifecycle = 'merged', successor_id = x.id,
			lifecycle_note = x.reason
		from json_to_recordset(${json}::text::json) as x(id uuid, scheme text, value text, reason text)
		join structure_identifiers i on i.scheme = x.scheme and i.value = x.value
		where s.id = i.structure_id and s.id <> x.id
			and (s.status, s.lifecycle, s.successor_id) is distinct from ('archived', 'merged', x.id)`;
}
