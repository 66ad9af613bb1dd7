import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { RowIssue } from './types';

/** A file the importer cannot read as a whole; the message is French and says what to fix. */
export class ImportFileError extends Error {}

export interface CsvRow {
	line: number;
	values: Record<string, string>;
}

export interface CsvFile {
	rows: CsvRow[];
	/** Rows whose number of fields does not match the header. */
	malformed: RowIssue[];
}

/**
 * Reads a CSV file with a header row, checking that the columns the importer needs are there.
 * Lines are numbered as in an editor (the header is line 1).
 */
export function readCsv(file: string, options: { delimiter: string; required: string[] }): CsvFile {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new ImportFileError(`Fichier illisible : ${file} (${(error as Error).message})`);
	}
	let records: { record: string[]; info: { lines: number } }[];
	try {
		records = parse(text, {
			delimiter: options.delimiter,
			bom: true,
			info: true,
			relax_column_count: true,
			relax_quotes: true,
			skip_empty_lines: true
		}) as unknown as { record: string[]; info: { lines: number } }[];
	} catch (error) {
		throw new ImportFileError(`Fichier CSV mal formé : ${file} (${(error as Error).message})`);
	}
	const [head, ...body] = records;
	const header = (head?.record ?? []).map((h) => h.trim());
	const missing = options.required.filter((column) => !header.includes(column));
	if (missing.length)
		throw new ImportFileError(
			`Colonnes manquantes dans ${file} : ${missing.join(', ')} (séparateur attendu « ${options.delimiter} »).`
		);
	const rows: CsvRow[] = [];
	const malformed: RowIssue[] = [];
	for (const { record, info } of body) {
		if (record.length !== header.length) {
			malformed.push({
				line: info.lines,
				record: record[0] ?? '',
				message: `Ligne mal formée : ${record.length} champs au lieu de ${header.length}`
			});
			continue;
		}
		rows.push({
			line: info.lines,
			values: Object.fromEntries(header.map((column, i) => [column, record[i] ?? '']))
		});
	}
	return { rows, malformed };
}
