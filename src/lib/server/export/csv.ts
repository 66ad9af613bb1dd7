/**
 * CSV for French spreadsheet software: UTF-8 with a byte-order mark (so Excel reads the
 * accents), `;` between cells (`,` is the decimal separator in French locales), CRLF rows.
 */
export interface CsvColumn<Row> {
	header: string;
	value: (row: Row) => string | number | null | undefined;
}

export const BOM = '\uFEFF';

export function toCsv<Row>(columns: CsvColumn<Row>[], rows: Iterable<Row>): string {
	let text = BOM + csvHeader(columns);
	for (const row of rows) text += csvRow(columns, row);
	return text;
}

/**
 * How a file written in parts lays its cells: `;` and neutralised formulas for spreadsheets
 * (the default); a machine format with its own separator may neutralise its free-text
 * columns itself (a `+33` phone number must stay valid for its schema).
 */
export interface CsvDialect {
	separator: string;
	neutralise: boolean;
}

const SPREADSHEET: CsvDialect = { separator: ';', neutralise: true };

/** The header line (without BOM), CRLF-terminated: files written in parts use these two. */
export function csvHeader<Row>(columns: CsvColumn<Row>[], dialect = SPREADSHEET): string {
	return columns.map((c) => cell(c.header, dialect)).join(dialect.separator) + '\r\n';
}

export function csvRow<Row>(columns: CsvColumn<Row>[], row: Row, dialect = SPREADSHEET): string {
	return columns.map((c) => cell(c.value(row), dialect)).join(dialect.separator) + '\r\n';
}

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a leading tab or
 * carriage return that some software strips first) is prefixed with `'`, which the
 * spreadsheet shows as text: an exported name like `=HYPERLINK(…)` must never run.
 */
export function neutralise(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string | number | null | undefined, dialect: CsvDialect): string {
	if (value === null || value === undefined) return '';
	const text =
		typeof value === 'number' ? String(value) : dialect.neutralise ? neutralise(value) : value;
	return /["\r\n]/.test(text) || text.includes(dialect.separator)
		? `"${text.replaceAll('"', '""')}"`
		: text;
}
