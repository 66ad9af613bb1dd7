import type { CategoryCode } from '../../domain/categories';
import type { ChangeKind, ImportChange } from './changes';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface Identifier {
	scheme: string;
	value: string;
}

export interface Point {
	lon: number;
	lat: number;
}

export type ImportedStatus = 'published' | 'archived' | 'closed';

/** One source row, normalised by its dataset's parser, ready for placement and upsert. */
export interface StructureRecord {
	/** Line of the source file (header = line 1), for the report. */
	line: number;
	/** Dataset the row belongs to (keys source_values, gives the structure its attribution). */
	datasetId: string;
	/** The row's id in its dataset. */
	recordId: string;
	/** The first one disambiguates slugs. */
	identifiers: Identifier[];
	name: string;
	/** Primary first. */
	categories: CategoryCode[];
	website: string | null;
	email: string | null;
	phone: string | null;
	addressStreet: string | null;
	postcode: string | null;
	/** INSEE code as published (may be a former code); null when the source has none. */
	communeCode: string | null;
	point: Point | null;
	status: ImportedStatus;
	sourceUpdatedAt: string | null;
	attributes: Record<string, Json>;
	/** Classification rule that chose the categories (`override:<id>` for an override). */
	rule?: string;
	/** Acronyms and short names (searched, shown). */
	aliases?: string[];
	/** Names the structure was known by. */
	formerNames?: string[];
	/** Where the structure is in its life; default: active, or closed when the status says so. */
	lifecycle?: Lifecycle;
	/** Ids of rows of the same dataset folded into this one (same place listed twice). */
	foldedIds?: string[];
	/** Identifiers of those rows: they lead to this structure. */
	foldedIdentifiers?: Identifier[];
}

export interface Lifecycle {
	state: 'active' | 'to-verify' | 'merged' | 'closed';
	date?: string | null;
	note?: string | null;
	successor?: Identifier;
}

export interface RowIssue {
	line: number;
	record: string;
	name?: string;
	message: string;
}

export interface ParseResult {
	records: StructureRecord[];
	rejects: RowIssue[];
	warnings: RowIssue[];
	/** Rows deliberately out of scope (e.g. other régions of a national file), counted by reason. */
	skipped: Record<string, number>;
	/** Data rows read from the file. */
	read: number;
}

export interface DatasetCounts {
	inserted: number;
	updated: number;
	unchanged: number;
}

export interface ImportReport extends DatasetCounts {
	importer: string;
	/** The dataset the run is recorded under (import_runs.dataset_id). */
	dataset: string;
	title: string;
	file: string;
	read: number;
	rejected: number;
	/** Existing structures (from another dataset or a registration) matched for the first time. */
	attached: number;
	/** Structures of this run placed at their commune rather than at a source point. */
	approximate: number;
	/** Rows folded into another row of the same dataset (same name, within 50 m). */
	merged: number;
	/** Structures of this run that are not shown as current (archived, merged or closed). */
	archived: number;
	/** Structures of this run whose current existence is to verify. */
	toVerify: number;
	/** Records classified by each rule of db/data/classification-rules.json. */
	rules: Record<string, number>;
	/** Counts per dataset of the records (composite files hold several). */
	byDataset: Record<string, DatasetCounts>;
	skipped: Record<string, number>;
	rejects: RowIssue[];
	warnings: RowIssue[];
	programmeLinks: { added: number; removed: number };
	/** The change set against what was published (new, closed, moved, renamed, identifiers). */
	changes: ImportChange[];
	changeCounts: Record<ChangeKind, number>;
	/** Changes that touch a local edit, left in the review list for a moderator. */
	pendingReview: number;
	/** A dry run: everything was rolled back. */
	dryRun?: boolean;
	ms: number;
	/** Milliseconds per step of the run, in order (npm run bench:import prints them). */
	phases: Record<string, number>;
}

export interface TerritoryReport {
	counts: Record<string, number>;
	ms: number;
}
