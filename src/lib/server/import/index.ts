import { resolve } from 'node:path';
import type { Sql, TransactionSql } from '../db';
import { log } from '../log';
import { classifier, readClassificationRules } from './classification';
import { readLifecycle } from './lifecycle';
import { readProgrammeLinks } from './programme-links';
import { importReference, type ReferenceReport } from './reference';
import { runImporter, type Importer, type ImportRules } from './run';
import { annuaire } from './sources/annuaire';
import { higherEducation } from './sources/higher-education';
import { lmn } from './sources/lmn';
import { mednum } from './sources/mednum';
import { research } from './sources/research';
import { schools } from './sources/schools';
import { importTerritories } from './territories';
import type { ImportReport, TerritoryReport } from './types';

export type { ImportReport, TerritoryReport } from './types';
export type { ReferenceReport } from './reference';
export { ImportFileError } from './csv';
export { formatReport, formatSummary } from './report';
export * as review from './review';
export { CHANGE_KINDS, CHANGE_LABELS, type ChangeKind, type ImportChange } from './changes';

/** In import order: the official Annuaire after the extracts it overrides, LMN after MedNum. */
export const IMPORTERS: readonly Importer[] = [
	schools,
	annuaire,
	mednum,
	lmn,
	higherEducation,
	research
];

export const IMPORTER_KEYS = IMPORTERS.map((i) => i.key);

export interface ImportOptions {
	/** Folder of the shipped open data; default `db/data` of the working directory. */
	dataDir?: string;
}

export interface ImportSummary {
	reference: ReferenceReport;
	territories: TerritoryReport;
	reports: ImportReport[];
	ms: number;
}

function dataDirOf(options: ImportOptions) {
	return resolve(options.dataDir ?? 'db/data');
}

/** The versioned rules of db/data: programme links, classification, lifecycle. */
export function readImportRules(dataDir: string): ImportRules {
	return {
		mapping: readProgrammeLinks(dataDir),
		classify: classifier(readClassificationRules(dataDir)),
		lifecycle: readLifecycle(dataDir)
	};
}

/**
 * Reference data, territories, then every dataset, each in its own transaction.
 * Idempotent: a second run leaves every row as it was.
 */
export async function importAll(sql: Sql, options: ImportOptions = {}): Promise<ImportSummary> {
	const started = Date.now();
	const reference = await importReferenceData(sql, options);
	const territories = await importTerritoryData(sql, options);
	const dataDir = dataDirOf(options);
	const rules = readImportRules(dataDir);
	const reports: ImportReport[] = [];
	for (const importer of IMPORTERS) {
		const file = resolve(dataDir, importer.defaultFile);
		reports.push(
			await logged(
				sql.begin(async (tx) => {
					await exclusive(tx);
					return runImporter(tx, importer, file, rules);
				})
			)
		);
	}
	return { reference, territories, reports, ms: Date.now() - started };
}

/** Imports run one at a time, even from two app servers bootstrapping the same database. */
async function exclusive(tx: TransactionSql) {
	await tx`select pg_advisory_xact_lock(hashtext('cartonum.import'))`;
}

export function importReferenceData(sql: Sql, options: ImportOptions = {}) {
	return sql.begin(async (tx) => {
		await exclusive(tx);
		return importReference(tx, dataDirOf(options));
	});
}

export async function importTerritoryData(
	sql: Sql,
	options: ImportOptions = {}
): Promise<TerritoryReport> {
	const report = await sql.begin(async (tx) => {
		await exclusive(tx);
		return importTerritories(tx, dataDirOf(options));
	});
	log.info('import.territories', { ...report.counts, ms: report.ms });
	return report;
}

/**
 * One dataset in one transaction, from its shipped file or from `file` (a file with the same
 * layout, e.g. the full Annuaire de l'éducation). Loads the reference data, and the
 * territories when they are missing, so that it also works on an empty database.
 */
export async function importDataset(
	sql: Sql,
	key: string,
	options: ImportOptions & { file?: string; dryRun?: boolean } = {}
): Promise<ImportReport> {
	const importer = IMPORTERS.find((i) => i.key === key);
	if (!importer)
		throw new Error(`Unknown importer ${key}: expected one of ${IMPORTER_KEYS.join(', ')}`);
	const dataDir = dataDirOf(options);
	const file = resolve(options.file ?? resolve(dataDir, importer.defaultFile));
	const rules = readImportRules(dataDir);
	const run = sql.begin(async (tx) => {
		await exclusive(tx);
		await importReference(tx, dataDir);
		if (!(await hasTerritories(tx))) await importTerritories(tx, dataDir);
		const report = await runImporter(tx, importer, file, rules, { dryRun: options.dryRun });
		// A dry run goes through exactly the same statements, then rolls them all back.
		if (options.dryRun) throw new DryRun({ ...report, dryRun: true });
		return report;
	});
	return logged(
		run.catch((error: unknown) => {
			if (error instanceof DryRun) return error.report;
			throw error;
		})
	);
}

class DryRun extends Error {
	constructor(readonly report: ImportReport) {
		super('dry run');
	}
}

async function logged(run: Promise<ImportReport>): Promise<ImportReport> {
	const report = await run;
	log.info('import.dataset', {
		importer: report.importer,
		inserted: report.inserted,
		updated: report.updated,
		unchanged: report.unchanged,
		rejected: report.rejected,
		warnings: report.warnings.length,
		ms: report.ms
	});
	return report;
}

async function hasTerritories(tx: TransactionSql) {
	const [row] = await tx<{ present: boolean }[]>`
		select exists (select 1 from territories where kind = 'commune') as present`;
	return row?.present ?? false;
}
