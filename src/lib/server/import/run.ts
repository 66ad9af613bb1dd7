import type { TransactionSql } from '../db';
import type { Classifier } from './classification';
import { countByKind } from './changes';
import { loadCommunes, type CommuneIndex } from './communes';
import { dataset } from './datasets';
import { foldDuplicates, writeFoldedIdentifiers } from './fold-duplicates';
import { applyLifecycleEntries, writeLifecycle, type LifecycleFile } from './lifecycle';
import { accentsFromNames } from './names';
import { finishBulk, startBulk } from './bulk';
import { place } from './placement';
import { applyProgrammeLinks, type ProgrammeLinkMapping } from './programme-links';
import { recordConflicts } from './review';
import type { ImportReport, ParseResult, RowIssue, StructureRecord } from './types';
import { upsertRecords, type PlacedRecord } from './upsert';

export interface ParseContext {
	communes: CommuneIndex;
	/** Folded → accented words of the commune names, to restore accents of names in capitals. */
	accents: ReadonlyMap<string, string>;
	/** The rules of db/data/classification-rules.json. */
	classify: Classifier;
}

/** The versioned data files every run reads besides its own file. */
export interface ImportRules {
	mapping: ProgrammeLinkMapping;
	classify: Classifier;
	lifecycle: LifecycleFile;
}

/** One importable file layout. */
export interface Importer {
	/** Name on the command line (`npm run db:import -- schools`). */
	key: string;
	/** Dataset the runs are recorded under. */
	runDataset: string;
	/** The file shipped in db/data, relative to it. */
	defaultFile: string;
	/** Metres between a source point and its declared commune below which the point is trusted. */
	tolerance: number;
	parse(file: string, context: ParseContext): ParseResult;
}

/**
 * Imports one file in the caller's transaction: parse, check identifiers, place, upsert,
 * link to programmes, record the run. Rejected rows are listed with their reason, never dropped.
 */
export async function runImporter(
	tx: TransactionSql,
	importer: Importer,
	file: string,
	rules: ImportRules,
	options: { dryRun?: boolean } = {}
): Promise<ImportReport> {
	const started = Date.now();
	const phases: Record<string, number> = {};
	let lap = performance.now();
	/** Closes the current step: its duration goes to report.phases. */
	const step = (name: string) => {
		const now = performance.now();
		phases[name] = Math.round(now - lap);
		lap = now;
	};
	const communes = await loadCommunes(tx);
	const parsed = importer.parse(file, {
		communes,
		accents: accentsFromNames(communes.names()),
		classify: rules.classify
	});
	step('parse');
	await startBulk(tx);
	const rejects: RowIssue[] = [...parsed.rejects];
	const warnings: RowIssue[] = [...parsed.warnings];
	const reject = (record: StructureRecord, message: string) =>
		rejects.push({ line: record.line, record: record.recordId, name: record.name, message });

	applyLifecycleEntries(parsed.records, rules.lifecycle);
	const folded = foldDuplicates(parsed.records, warnings);
	const records = withoutDuplicateIdentifiers(folded.records, reject);
	step('dedup');
	const placements = await place(tx, records, communes, importer.tolerance);
	const placed: Omit<PlacedRecord, 'structureId'>[] = [];
	records.forEach((record, k) => {
		const result = placements[k]!;
		if (!result.ok) return reject(record, result.reason);
		if (result.placement.warning)
			warnings.push({
				line: record.line,
				record: record.recordId,
				name: record.name,
				message: result.placement.warning
			});
		placed.push({ record, placement: result.placement });
	});

	step('place');
	const matched = await matchStructures(tx, placed, reject);
	step('match');
	const upserted = await upsertRecords(tx, matched);
	for (const { record, message } of upserted.warnings)
		warnings.push({ line: record.line, record: record.recordId, name: record.name, message });
	step('upsert');
	await writeFoldedIdentifiers(tx, upserted.outcomes);
	await writeLifecycle(tx, upserted.outcomes);
	step('lifecycle');
	const ids = [...new Set(upserted.outcomes.map((o) => o.id))];
	const programmeLinks = await applyProgrammeLinks(tx, rules.mapping, ids);
	step('programmes');
	// A dry run reports changes; the confirmation changes none, and is rolled back anyway.
	if (!options.dryRun) await confirmByImport(tx, ids);
	step('confirm');
	const ruleCounts: Record<string, number> = {};
	for (const { record } of upserted.outcomes)
		if (record.rule) ruleCounts[record.rule] = (ruleCounts[record.rule] ?? 0) + 1;

	const byDataset: ImportReport['byDataset'] = {};
	const counts = { inserted: 0, updated: 0, unchanged: 0 };
	for (const { record, outcome } of upserted.outcomes) {
		counts[outcome]++;
		byDataset[record.datasetId] ??= { inserted: 0, updated: 0, unchanged: 0 };
		byDataset[record.datasetId]![outcome]++;
	}
	rejects.sort((a, b) => a.line - b.line);
	warnings.sort((a, b) => a.line - b.line);
	const report: ImportReport = {
		importer: importer.key,
		dataset: importer.runDataset,
		title: dataset(importer.runDataset).title,
		file,
		read: parsed.read,
		...counts,
		rejected: rejects.length,
		attached: upserted.outcomes.filter((o) => o.attached).length,
		approximate: matched.filter((p) => p.placement.precision === 'approximate').length,
		merged: folded.merged,
		archived: upserted.outcomes.filter((o) => o.record.status !== 'published').length,
		toVerify: upserted.outcomes.filter((o) => o.record.lifecycle?.state === 'to-verify').length,
		rules: ruleCounts,
		byDataset,
		skipped: parsed.skipped,
		rejects,
		warnings,
		programmeLinks,
		changes: upserted.changes,
		changeCounts: countByKind(upserted.changes),
		pendingReview: 0,
		ms: 0,
		phases
	};
	step('report');
	report.ms = Date.now() - started;
	const [run] = await tx<{ id: string }[]>`
		insert into import_runs (dataset_id, started_at, finished_at, inserted, updated, unchanged,
			rejected, rejects, warnings, skipped, file, details)
		values (${report.dataset}, ${new Date(started)}, now(), ${report.inserted}, ${report.updated},
			${report.unchanged}, ${report.rejected}, ${JSON.stringify(rejects)}::text::jsonb,
			${JSON.stringify(warnings)}::text::jsonb, ${JSON.stringify(parsed.skipped)}::text::jsonb, ${file},
			${JSON.stringify({
				read: report.read,
				merged: report.merged,
				archived: report.archived,
				to_verify: report.toVerify,
				approximate: report.approximate,
				rules: report.rules,
				datasets: Object.keys(byDataset).sort()
			})}::text::jsonb)
		returning id::text`;
	report.pendingReview = await recordConflicts(tx, run!.id, importer.runDataset, upserted.changes);
	await auditClosures(tx, report);
	step('record');
	await finishBulk(tx, !options.dryRun);
	step('refresh');
	report.ms = Date.now() - started;
	return report;
}

/** A structure present in its source's file is confirmed by it, as of this run. */
async function confirmByImport(tx: TransactionSql, ids: string[]) {
	if (ids.length === 0) return;
	// Rows inserted by this run already carry now() and 'import' (the column defaults).
	// The statement sets nothing else: it says so to the triggers (migration 022).
	await tx`select set_config('cartonum.confirming', 'on', true)`;
	await tx`update structures set confirmed_at = now(), confirmed_by = 'import'
		where id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::text::json))
			and (confirmed_at <> now() or confirmed_by <> 'import')`;
	await tx`select set_config('cartonum.confirming', 'off', true)`;
}

/** A closure the source announces is kept in the structure's history (the row stays, archived). */
async function auditClosures(tx: TransactionSql, report: ImportReport) {
	const closed = report.changes
		.filter((c) => c.kind === 'closed' && !c.conflict && c.structureId)
		.map((c) => ({ id: c.structureId, record: c.recordId }));
	if (closed.length === 0) return;
	await tx`insert into audit_log (action, entity, entity_id, details)
		select 'structure.closed', 'structure', x.id,
			jsonb_build_object('dataset', ${report.dataset}::text, 'record', x.record, 'import', true)
		from json_to_recordset(${JSON.stringify(closed)}::text::json) as x(id text, record text)`;
}

/** A second row with an identifier already seen in the file is a duplicate: rejected. */
function withoutDuplicateIdentifiers(
	records: StructureRecord[],
	reject: (record: StructureRecord, message: string) => void
): StructureRecord[] {
	const seen = new Map<string, number>();
	return records.filter((record) => {
		const keys = record.identifiers.map((i) => `${i.scheme}:${i.value}`);
		const firstLine = keys.map((k) => seen.get(k)).find((line) => line !== undefined);
		if (firstLine !== undefined) {
			reject(record, `Doublon : même identifiant que la ligne ${firstLine} du fichier`);
			return false;
		}
		for (const key of keys) seen.set(key, record.line);
		return true;
	});
}

/** Finds the structure each record's identifiers point at; two different ones is a conflict. */
async function matchStructures(
	tx: TransactionSql,
	placed: Omit<PlacedRecord, 'structureId'>[],
	reject: (record: StructureRecord, message: string) => void
): Promise<PlacedRecord[]> {
	const wanted = placed.flatMap((p, k) => p.record.identifiers.map((i) => ({ k, ...i })));
	const found = wanted.length
		? await tx<{ k: number; scheme: string; value: string; structure_id: string }[]>`
				select x.k, x.scheme, x.value, i.structure_id
				from json_to_recordset(${JSON.stringify(wanted)}::text::json) as x(k integer, scheme text, value text)
				join (
					select scheme, value, structure_id from structure_identifiers
					union all
					-- A row folded into another structure by an earlier run (same place twice).
					select scheme, value, structure_id from structure_identifier_aliases a
					where not exists (select 1 from structure_identifiers i2
						where i2.scheme = a.scheme and i2.value = a.value)
				) i on i.scheme = x.scheme and i.value = x.value`
		: [];
	const byRecord = new Map<number, Map<string, string>>();
	for (const row of found) {
		const ids = byRecord.get(row.k) ?? new Map<string, string>();
		ids.set(row.structure_id, `${row.scheme} ${row.value}`);
		byRecord.set(row.k, ids);
	}
	const claimed = new Map<string, number>();
	const result: PlacedRecord[] = [];
	placed.forEach((item, k) => {
		const ids = byRecord.get(k);
		if (ids && ids.size > 1) {
			reject(
				item.record,
				`Identifiants rattachés à des structures différentes (${[...ids.values()].join(', ')}) : fusion à faire par un modérateur`
			);
			return;
		}
		const structureId = ids ? [...ids.keys()][0]! : null;
		if (structureId) {
			const other = claimed.get(structureId);
			if (other !== undefined) {
				reject(item.record, `Doublon : même structure que la ligne ${other} du fichier`);
				return;
			}
			claimed.set(structureId, item.record.line);
		}
		result.push({ ...item, structureId });
	});
	return result;
}
