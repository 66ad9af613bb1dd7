import { readFileSync } from 'node:fs';
import type { Sql } from '../../../src/lib/server/db/connection';
import { pick, random } from './random';

// A grid of 96 made-up départements over metropolitan France, 12 columns × 8 rows.
const WEST = -4.5;
const SOUTH = 42.5;
const CELL_LON = 12.5 / 12;
const CELL_LAT = 8.5 / 8;
const DEP_CODES = [
	...Array.from({ length: 19 }, (_, i) => String(i + 1).padStart(2, '0')),
	'2A',
	'2B',
	...Array.from({ length: 75 }, (_, i) => String(i + 21))
];

export interface Commune {
	code: string;
	name: string;
	dep: string;
	lon: number;
	lat: number;
}

export function communes(): Commune[] {
	const names = (
		JSON.parse(readFileSync('db/data/admin/communes-bourgogne-franche-comte.json', 'utf8')) as {
			nom: string;
		}[]
	).map((c) => c.nom);
	const out: Commune[] = [];
	DEP_CODES.forEach((dep, i) => {
		const west = WEST + (i % 12) * CELL_LON;
		const south = SOUTH + Math.floor(i / 12) * CELL_LAT;
		for (let n = 1; n <= 60; n++)
			out.push({
				code: `${dep}${String(n).padStart(3, '0')}`,
				name: pick(names),
				dep,
				lon: west + 0.05 + random() * (CELL_LON - 0.1),
				lat: south + 0.05 + random() * (CELL_LAT - 0.1)
			});
	});
	return out;
}

const square = (lon: number, lat: number, half: number) =>
	`MULTIPOLYGON(((${lon - half} ${lat - half},${lon + half} ${lat - half},${lon + half} ${lat + half},${lon - half} ${lat + half},${lon - half} ${lat - half})))`;

/** The synthetic région, its 96 départements and their communes. */
export async function territories(sql: Sql, all: Commune[]) {
	await sql`insert into territories (code, kind, insee_code, name, geom, label_point)
		values ('reg:00', 'region', '00', 'France synthétique',
			ST_GeomFromText(${square(1.75, 46.75, 6.5)}, 4326), ST_SetSRID(ST_MakePoint(1.75, 46.75), 4326))`;
	const deps = DEP_CODES.map((dep, i) => {
		const lon = WEST + (i % 12) * CELL_LON + CELL_LON / 2;
		const lat = SOUTH + Math.floor(i / 12) * CELL_LAT + CELL_LAT / 2;
		return {
			code: `dep:${dep}`,
			insee: dep,
			name: `Département synthétique ${dep}`,
			lon,
			lat,
			half: CELL_LON / 2
		};
	});
	await sql`
		insert into territories (code, kind, insee_code, name, departement_code, geom, label_point)
		select code, 'departement', insee, name, insee,
			ST_Multi(ST_MakeEnvelope(lon - half, lat - half, lon + half, lat + half, 4326)),
			ST_SetSRID(ST_MakePoint(lon, lat), 4326)
		from json_to_recordset(${JSON.stringify(deps)}::text::json)
			as x(code text, insee text, name text, lon float8, lat float8, half float8)`;
	for (let i = 0; i < all.length; i += 2000) {
		const batch = all.slice(i, i + 2000);
		await sql`
			insert into territories (code, kind, insee_code, name, departement_code, geom, label_point)
			select 'com:' || code, 'commune', code, name, dep,
				ST_Multi(ST_MakeEnvelope(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01, 4326)),
				ST_SetSRID(ST_MakePoint(lon, lat), 4326)
			from json_to_recordset(${JSON.stringify(batch)}::text::json)
				as x(code text, name text, dep text, lon float8, lat float8)`;
	}
}
