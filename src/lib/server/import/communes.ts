import type { TransactionSql } from '../db';
import { ImportFileError } from './csv';
import type { Point } from './types';

export interface Commune {
	code: string;
	name: string;
	departement: string;
	labelPoint: Point;
}

/** The current communes (COG 2026) by INSEE code, resolving former codes of merged communes. */
export interface CommuneIndex {
	get(code: string | null): Commune | null;
	names(): string[];
}

export async function loadCommunes(tx: TransactionSql): Promise<CommuneIndex> {
	const rows = await tx<
		{
			insee_code: string;
			name: string;
			departement_code: string;
			former_codes: string[];
			lon: number;
			lat: number;
		}[]
	>`
		select insee_code, name, departement_code, former_codes,
			ST_X(label_point) as lon, ST_Y(label_point) as lat
		from territories where kind = 'commune'`;
	if (rows.length === 0)
		throw new ImportFileError(
			'Les territoires ne sont pas chargés : lancez d’abord « npm run db:import -- territories ».'
		);
	const byCode = new Map<string, Commune>();
	const byFormerCode = new Map<string, Commune>();
	for (const row of rows) {
		const commune = {
			code: row.insee_code,
			name: row.name,
			departement: row.departement_code,
			labelPoint: { lon: row.lon, lat: row.lat }
		};
		byCode.set(row.insee_code, commune);
		for (const former of row.former_codes) byFormerCode.set(former, commune);
	}
	return {
		get: (code) => (code ? (byCode.get(code) ?? byFormerCode.get(code) ?? null) : null),
		names: () => [...byCode.values()].map((c) => c.name)
	};
}
