import { sql, type TransactionSql } from '../db';
import { geoPoint } from '../db/fragments';
import type { ChangeKind, ImportChange } from './changes';
import type { Json } from './types';

/**
 * The review list of re-imports: changes of an official source that touch a local edit wait
 * here; a moderator accepts (the source's value is written, the field belongs to the source
 * again) or rejects (the local value stays, the same proposal is not asked again).
 */

export interface PendingChange {
	id: string;
	datasetId: string;
	structureId: string;
	structureSlug: string;
	structureName: string;
	recordId: string;
	kind: ChangeKind;
	path: string;
	before: Json;
	after: Json;
	summary: string;
	createdAt: Date;
}

/** Records the conflicts of a run; an undecided proposal for the same field is replaced. */
export async function recordConflicts(
	tx: TransactionSql,
	runId: string,
	datasetId: string,
	changes: ImportChange[]
): Promise<number> {
	const conflicts = changes.filter((c) => c.conflict && c.structureId);
	if (conflicts.length === 0) return 0;
	const rows = conflicts.map((c) => ({
		structure_id: c.structureId,
		record_id: c.recordId,
		kind: c.kind,
		path: c.path,
		before: c.before,
		after: c.after,
		summary: c.summary
	}));
	const inserted = await tx`
		insert into import_changes (run_id, dataset_id, structure_id, record_id, kind, path, before,
			after, summary)
		select ${runId}::bigint, ${datasetId}, x.structure_id, x.record_id, x.kind, x.path, x.before,
			x.after, x.summary
		from json_to_recordset(${JSON.stringify(rows)}::text::json) as x(structure_id uuid,
			record_id text, kind text, path text, before jsonb, after jsonb, summary text)
		where not exists (select 1 from import_changes r where r.structure_id = x.structure_id
			and r.path = x.path and r.status = 'rejected' and r.after = x.after)
		on conflict (structure_id, path) where status = 'pending' do update set
			run_id = excluded.run_id, kind = excluded.kind, before = excluded.before,
			after = excluded.after, summary = excluded.summary, created_at = now()`;
	return inserted.count;
}

export async function pending(
	options: { kind?: ChangeKind | null } = {}
): Promise<PendingChange[]> {
	return sql<PendingChange[]>`
		select c.id::text, c.dataset_id as "datasetId", c.structure_id as "structureId",
			s.slug as "structureSlug", s.name as "structureName", c.record_id as "recordId", c.kind,
			c.path, c.before, c.after, c.summary, c.created_at as "createdAt"
		from import_changes c join structures s on s.id = c.structure_id
		where c.status = 'pending' ${options.kind ? sql`and c.kind = ${options.kind}` : sql``}
		order by c.kind, s.name, c.id
		limit 1000`;
}

export async function pendingCounts(): Promise<Partial<Record<ChangeKind, number>>> {
	const rows = await sql<{ kind: ChangeKind; count: number }[]>`
		select kind, count(*)::int as count from import_changes where status = 'pending' group by kind`;
	return Object.fromEntries(rows.map((r) => [r.kind, r.count]));
}

export class ReviewError extends Error {}

/**
 * Accepts or rejects pending changes (given ids, or every pending change of one kind), each in
 * the same transaction as its effect and its line in the structure's history.
 */
export async function decide(
	actorId: string,
	decision: 'accepted' | 'rejected',
	target: { ids: string[] } | { kind: ChangeKind }
): Promise<number> {
	return sql.begin(async (tx) => {
		const rows = await tx<
			{
				id: string;
				structure_id: string;
				path: string;
				after: Json;
				summary: string;
				dataset_id: string;
			}[]
		>`
			select id::text, structure_id, path, after, summary, dataset_id from import_changes
			where status = 'pending' and ${
				'ids' in target
					? tx`id in (select value::bigint from json_array_elements_text(${JSON.stringify(target.ids)}::text::json))`
					: tx`kind = ${target.kind}`
			}
			order by id for update`;
		for (const row of rows) {
			if (decision === 'accepted') await writePath(tx, row.structure_id, row.path, row.after);
			await tx`update import_changes set status = ${decision}, decided_by = ${actorId},
				decided_at = now() where id = ${row.id}::bigint`;
			await tx`insert into audit_log (actor_id, action, entity, entity_id, details)
				values (${actorId}, ${decision === 'accepted' ? 'import_change.accepted' : 'import_change.rejected'},
					'structure', ${row.structure_id},
					${tx.json({ change: row.id, path: row.path, summary: row.summary, dataset: row.dataset_id })})`;
		}
		return rows.length;
	});
}

const COLUMNS = ['name', 'website', 'email', 'phone', 'address_street', 'postcode', 'commune_code'];

/** Writes the source's value of one merged field onto the structure. */
async function writePath(tx: TransactionSql, structureId: string, path: string, value: Json) {
	const bump = tx`version = version + 1, updated_at = now()`;
	if (COLUMNS.includes(path)) {
		await tx`update structures set ${tx(path)} = ${value as string | null}, ${bump}
			where id = ${structureId}`;
	} else if (path === 'status') {
		await tx`update structures set status = ${value as string}, ${bump} where id = ${structureId}`;
	} else if (path === 'categories') {
		const categories = value as string[];
		await tx`update structures set categories = ${categories}::text[],
			category = ${categories[0]!}, ${bump} where id = ${structureId}`;
	} else if (path === 'location') {
		const l = value as { lon: number; lat: number; precision: string; note: string | null };
		await tx`update structures set
				geom = ${geoPoint(l.lon, l.lat)},
				location_precision = ${l.precision}, location_note = ${l.note}, ${bump}
			where id = ${structureId}`;
	} else if (path.startsWith('attributes.')) {
		const key = path.slice('attributes.'.length);
		await tx`update structures set attributes = case when ${JSON.stringify(value)}::jsonb = 'null'::jsonb
				then attributes - ${key} else jsonb_set(attributes, array[${key}], ${JSON.stringify(value)}::jsonb) end,
				${bump}
			where id = ${structureId}`;
	} else if (path.startsWith('identifiers.')) {
		const scheme = path.slice('identifiers.'.length);
		const [taken] = await tx`select 1 from structure_identifiers
			where scheme = ${scheme} and value = ${value as string} and structure_id <> ${structureId}`;
		if (taken)
			throw new ReviewError(
				`L’identifiant ${scheme} ${String(value)} appartient déjà à une autre structure : fusionnez les fiches avant d’accepter ce changement.`
			);
		await tx`update structure_identifiers set value = ${value as string}
			where structure_id = ${structureId} and scheme = ${scheme}`;
		await tx`update structures set ${bump} where id = ${structureId}`;
	} else {
		throw new ReviewError(`Champ inconnu : ${path}.`);
	}
}
