// npm run bench:contacts [-- --dataset real|synthetic|both] [--runs 50] [--schema synthetic_national]
//
// Latency of the staff contacts queries (the domain functions behind /contacts and
// /api/v1/contacts: structures of the area, their commune, every contact, the total), each
// against the bare spatial SQL selecting the same structures, measured in the same run and
// interleaved run by run, so that the machine's load weighs on both alike: compare the ratios.
//
// Real data: the configured database (DATABASE_URL or the embedded one under DATA_DIR),
// imported first if empty. Synthetic: the schema made by scripts/synthetic-national.ts
// (96 made-up départements; drawn polygons are clipped to reg:27, absent there, so that case
// runs on the real data only). The bare SQL evaluates a drawn polygon once (a scalar
// subquery), as the app does: a plain CTE would parse the GeoJSON again for every row.
// The benchmark only reads (it imports the region into an empty database first).
import { parseArgs } from 'node:util';
import { emptyFilters, type StructureFilters } from '../src/lib/domain/structure-filters';
import { parseTerritory } from '../src/lib/domain/territory-code';
import * as contacts from '../src/lib/server/contacts';
import { config } from '../src/lib/server/config';
import * as db from '../src/lib/server/db';
import { connect, type Sql } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { importAll } from '../src/lib/server/import';
import { percentile } from './lib/timing';

process.env.LOG_LEVEL ??= 'silent';
const { values } = parseArgs({
	options: {
		dataset: { type: 'string', default: 'both' },
		runs: { type: 'string', default: '50' },
		schema: { type: 'string', default: 'synthetic_national' }
	}
});
const RUNS = Number(values.runs);
const datasets = values.dataset === 'both' ? ['real', 'synthetic'] : [values.dataset!];
const staff: contacts.Viewer = { id: '00000000-0000-4000-8000-000000000000', role: 'admin' };

interface Case {
	name: string;
	rows: number;
	domain: () => Promise<unknown>;
	bare: () => Promise<unknown>;
}

const territory = (code: string): StructureFilters => {
	const parsed = parseTerritory(code);
	if (!parsed.ok) throw new Error(parsed.message);
	return { ...emptyFilters(), territory: parsed.value };
};

async function timed(run: () => Promise<unknown>): Promise<number> {
	const started = performance.now();
	await run();
	return performance.now() - started;
}

async function measure(c: Case) {
	for (let i = 0; i < 3; i++) {
		await c.domain();
		await c.bare();
	}
	const domain: number[] = [];
	const bare: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		domain.push(await timed(c.domain));
		bare.push(await timed(c.bare));
	}
	const p = (samples: number[], q: number) =>
		percentile(
			[...samples].sort((a, b) => a - b),
			q
		);
	return {
		domainP50: p(domain, 50),
		domainP95: p(domain, 95),
		bareP50: p(bare, 50),
		bareP95: p(bare, 95)
	};
}

/** The département with the most published structures (the heaviest list). */
async function busiestDepartement(sql: Sql): Promise<string> {
	const [row] = await sql<{ code: string }[]>`
		select d.code from territories d
		join territories c on c.kind = 'commune' and c.departement_code = d.insee_code
		join structures s on s.commune_code = c.insee_code and s.status = 'published'
		where d.kind = 'departement'
		group by d.code order by count(*) desc limit 1`;
	return row!.code;
}

async function cases(sql: Sql, withPolygon: boolean): Promise<Case[]> {
	const dep = await busiestDepartement(sql);
	const depQuery = { filters: territory(dep) };
	const list: Case[] = [
		{
			name: `Département ${dep} (territory=${dep})`,
			rows: await contacts.count(depQuery),
			domain: () => contacts.list(depQuery, staff),
			bare: () => sql`
				select s.id from structures s, territories d
				where d.code = ${dep} and s.status = 'published' and ST_Intersects(d.geom, s.geom)`
		}
	];
	const [centre] = await sql<{ lon: number; lat: number }[]>`
		select ST_X(label_point) as lon, ST_Y(label_point) as lat from territories where code = ${dep}`;
	const radius = `radius:${centre!.lon.toFixed(4)},${centre!.lat.toFixed(4)},20000`;
	const radiusQuery = { filters: territory(radius) };
	list.push({
		name: `Rayon de 20 km (${radius})`,
		rows: await contacts.count(radiusQuery),
		domain: () => contacts.list(radiusQuery, staff),
		bare: () => sql`
			select s.id from structures s where s.status = 'published' and ST_DWithin(s.geom::geography,
				ST_SetSRID(ST_MakePoint(${centre!.lon}, ${centre!.lat}), 4326)::geography, 20000)`
	});
	if (withPolygon) {
		// The département's outline, simplified below the 500 vertices a person may draw.
		const [row] = await sql<{ polygon: string }[]>`
			select ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.005)) as polygon
			from territories where code = ${dep}`;
		const polygon = JSON.parse(row!.polygon);
		const polygonQuery = { filters: emptyFilters(), polygon };
		list.push({
			name: `Polygone dessiné (contour de ${dep}, ≤ 500 sommets, découpé à la région)`,
			rows: await contacts.count(polygonQuery),
			domain: () => contacts.list(polygonQuery, staff),
			bare: () => sql`
				select s.id from structures s where s.status = 'published'
					and ST_Intersects((select ST_SetSRID(ST_GeomFromGeoJSON(${row!.polygon}), 4326)), s.geom)`
		});
	}
	return list;
}

async function report(label: string, sql: Sql, withPolygon: boolean) {
	const [{ n }] =
		(await sql`select count(*)::int as n from structures where status = 'published'`) as unknown as [
			{ n: number }
		];
	console.log(
		`\n${label} : ${n.toLocaleString('fr-FR')} structures publiées, ${RUNS} mesures par cas`
	);
	console.log('| Cas | Lignes | p50 | p95 | SQL spatial nu p50 | p95 | Rapport p95 |');
	console.log('|---|---:|---:|---:|---:|---:|---:|');
	for (const c of await cases(sql, withPolygon)) {
		const m = await measure(c);
		console.log(
			`| ${c.name} | ${c.rows.toLocaleString('fr-FR')} | ${m.domainP50.toFixed(1)} ms | ${m.domainP95.toFixed(1)} ms | ${m.bareP50.toFixed(1)} ms | ${m.bareP95.toFixed(1)} ms | ×${(m.domainP95 / m.bareP95).toFixed(2)} |`
		);
	}
	const started = performance.now();
	const gaps = await contacts.coverage('college', 10, null);
	console.log(
		`Zones blanches (collèges à plus de 10 km, toute l’étendue) : ${gaps.communes.length.toLocaleString('fr-FR')} communes sur ${gaps.communesTotal.toLocaleString('fr-FR')}, ${(performance.now() - started).toFixed(0)} ms (une mesure).`
	);
}

try {
	for (const dataset of datasets) {
		const synthetic = dataset === 'synthetic';
		const sql = await connect({
			url: config.databaseUrl,
			dataDir: config.dataDir,
			...(synthetic ? { schema: values.schema! } : {})
		});
		db.use(sql);
		try {
			if (synthetic) {
				const [exists] = await sql`select 1 from pg_namespace where nspname = ${values.schema!}`;
				if (!exists) {
					console.log(
						`\nJeu synthétique absent (schéma ${values.schema}) : lancez d’abord npx tsx scripts/synthetic-national.ts.`
					);
					continue;
				}
			} else {
				const [{ ready }] = (await sql`
					select to_regclass('structures') is not null
						and exists (select 1 from structures) as ready`) as unknown as [{ ready: boolean }];
				if (!ready) {
					console.log('Base vide : migrations et import des données régionales…');
					await migrate(sql);
					await importAll(sql);
					await sql`analyze`;
				}
			}
			await report(
				synthetic ? 'Jeu synthétique national' : 'Données réelles (Bourgogne-Franche-Comté)',
				sql,
				!synthetic
			);
		} finally {
			await sql.end();
		}
	}
} finally {
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
}
