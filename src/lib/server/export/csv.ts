/**
 * CSV for French spreadsheet software: UTF-8 with a byte-order mark (so Excel reads the
 * accents), `;` between cells (`,` is the decimal separator in French locales), CRLF rows.
 */
export interface CsvColumn<Row> {
	header: string;
	value: (row: Row) => string | number | null | undefined;
}

const BOM = '\uFEFF';

export function toCsv<Row>(columns: CsvColumn<Row>[], rows: Iterable<Row>): string {
	const lines = [columns.map((c) => cell(c.header)).join(';')];
	for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(';'));
	return BOM + lines.join('\r\n') + '\r\n';
}

/**
 * A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a leading tab or
 * carriage return that some software strips first) is prefixed with `'`, which the
 * spreadsheet shows as text: an exported name like `=HYPERLINK(…)` must never run.
 */
export function neutralise(text: string): string {
	return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string | number | null | undefined): string {
	if (value === null || value === undefined) return '';
	const text = typeof value === 'number' ? String(value) : neutralise(value);
	return /[;"\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
