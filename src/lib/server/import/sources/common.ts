import { readCsv, type CsvRow } from '../csv';
import { coordinates } from '../text';
import type { Json, ParseResult, Point, StructureRecord } from '../types';

export type RowResult =
	| { record: StructureRecord; warnings?: string[] }
	| { reject: string; id: string; name?: string }
	| { skip: string };

/**
 * Reads a CSV file and maps each row to a record, a listed reject or a counted skip.
 * Records get their line number here (mappers leave it at 0).
 */
export function parseCsv(
	file: string,
	options: { delimiter: string; required: string[] },
	mapRow: (row: CsvRow) => RowResult
): ParseResult {
	const csv = readCsv(file, options);
	const result: ParseResult = {
		records: [],
		rejects: [...csv.malformed],
		warnings: [],
		skipped: {},
		read: csv.rows.length + csv.malformed.length
	};
	for (const row of csv.rows) {
		const mapped = mapRow(row);
		if ('skip' in mapped) {
			result.skipped[mapped.skip] = (result.skipped[mapped.skip] ?? 0) + 1;
		} else if ('reject' in mapped) {
			result.rejects.push({
				line: row.line,
				record: mapped.id,
				name: mapped.name,
				message: mapped.reject
			});
		} else {
			mapped.record.line = row.line;
			result.records.push(mapped.record);
			for (const message of mapped.warnings ?? [])
				result.warnings.push({
					line: row.line,
					record: mapped.record.recordId,
					name: mapped.record.name,
					message
				});
		}
	}
	return result;
}

/** The row's point, or the French reason why its coordinates cannot be used. */
export function pointOf(
	lon: string | undefined,
	lat: string | undefined
): { point: Point | null } | { problem: string } {
	const parsed = coordinates(lon, lat);
	if (parsed.kind === 'none') return { point: null };
	if (parsed.kind === 'unreadable') return { problem: `Coordonnées illisibles (${parsed.text})` };
	return { point: { lon: parsed.lon, lat: parsed.lat } };
}

/** Attributes without empty values, so that absent facts do not clutter the structure. */
export function compact(attributes: Record<string, Json | undefined>): Record<string, Json> {
	const result: Record<string, Json> = {};
	for (const [key, value] of Object.entries(attributes)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value) && value.length === 0) continue;
		if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
			continue;
		result[key] = value;
	}
	return result;
}
