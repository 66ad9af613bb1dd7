import { checkLetter } from '../../../src/lib/domain/identifiers';
import type { Sql } from '../../../src/lib/server/db/connection';
import { ACTIVITIES, TEMPLATES, categoryBag } from './names';
import type { Commune } from './places';
import { pick, random } from './random';

function uai(dep: string, counter: number): string {
	const prefix = dep === '2A' ? '620' : dep === '2B' ? '720' : `0${dep}`;
	const digits = `${prefix}${String(counter % 10000).padStart(4, '0')}`;
	return `${digits}${checkLetter(digits)}`;
}

/**
 * Inserts `count` published structures, by batches of 2,000, with identifiers and (for 30 %)
 * a programme. With `bulk`, the load runs with triggers off (as a restore does: the session
 * acts as a replica); call `derivedTables` afterwards.
 */
export async function structures(sql: Sql, all: Commune[], count: number, bulk: boolean) {
	// Big towns get many structures, villages a few: commune weights follow a power law.
	const weights = all.map((_, rank) => 1 / Math.pow(rank + 1, 0.9));
	const order = [...all].sort(() => random() - 0.5);
	const cumulative: number[] = [];
	weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
	const total = cumulative[cumulative.length - 1]!;
	const communeAt = () => {
		const target = random() * total;
		let low = 0;
		let high = cumulative.length - 1;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (cumulative[mid]! < target) low = mid + 1;
			else high = mid;
		}
		return order[low]!;
	};
	const schoolCounters = new Map<string, number>();
	const started = Date.now();
	for (let done = 0; done < count; done += 2000) {
		const rows = [];
		const identifiers = [];
		for (let i = done; i < Math.min(count, done + 2000); i++) {
			const commune = communeAt();
			const category = pick(categoryBag);
			const { name, sigle } = TEMPLATES[category].make(commune.name);
			const school = category === 'ecole' || category === 'college' || category === 'lycee';
			const counter = (schoolCounters.get(commune.dep) ?? 0) + 1;
			if (school) schoolCounters.set(commune.dep, counter);
			const id = crypto.randomUUID();
			rows.push({
				id,
				slug: `synthetique-${i + 1}`,
				name,
				category,
				categories:
					category === 'mediation-numerique' && random() < 0.15
						? [category, 'fablab-tiers-lieu']
						: [category],
				description: `Structure fictive (jeu synthétique) : ${pick(ACTIVITIES)}, ${pick(ACTIVITIES)}.`,
				commune_code: commune.code,
				lon: commune.lon + (random() - 0.5) * 0.018,
				lat: commune.lat + (random() - 0.5) * 0.018,
				attributes: sigle ? { sigle } : {}
			});
			identifiers.push({
				structure_id: id,
				scheme: school ? 'uai' : 'synthetique',
				value: school ? uai(commune.dep, counter) : `syn-${i + 1}`
			});
		}
		await sql.begin(async (tx) => {
			if (bulk) await tx`set local session_replication_role = replica`;
			await tx`
				insert into structures (id, slug, name, category, categories, description, commune_code,
					geom, status, source, dataset_id, attributes, list_key)
				select id, slug, name, category, categories, description, commune_code,
					ST_SetSRID(ST_MakePoint(lon, lat), 4326), 'published', 'synthetic',
					'synthetique-national', attributes,
					-- written here too: in bulk mode (triggers off) no trigger computes it
					structure_list_key_of(category, commune_code, name)
				from json_to_recordset(${JSON.stringify(rows)}::text::json)
					as x(id uuid, slug text, name text, category text, categories text[],
						description text, commune_code text, lon float8, lat float8, attributes jsonb)`;
			await tx`
				insert into structure_identifiers (structure_id, scheme, value)
				select structure_id, scheme, value
				from json_to_recordset(${JSON.stringify(identifiers)}::text::json)
					as x(structure_id uuid, scheme text, value text)
				on conflict (scheme, value) do nothing`;
			await tx`
				insert into structure_programmes (structure_id, programme_number, role)
				select x.id, 1 + floor(random() * 21)::int, 'contributeur'
				from json_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id })))}::text::json)
					as x(id uuid)
				where random() < 0.3`;
		});
		const inserted = Math.min(count, done + 2000);
		// Every batch updates the same coarse rows of the cell tables: without autovacuum, their
		// dead versions slow each next batch.
		if (!bulk && inserted % 100000 === 0)
			await sql`vacuum analyze structure_cells, structure_cell_totals`;
		// The local server runs without autovacuum: without fresh statistics, the triggers'
		// lookups by id turn into scans of tables that grow, and each batch gets slower.
		if (inserted === 10000 || inserted % 100000 === 0) await sql`analyze`;
		if (inserted % 20000 === 0 || inserted === count)
			console.log(
				`  ${inserted.toLocaleString('fr-FR')} structures (${Math.round((Date.now() - started) / 1000)} s)`
			);
	}
}

/**
 * After a bulk load: what the triggers would have written, in one pass per table (search
 * documents by chunks of 50,000 structures, then the map cells and totals rebuilt whole).
 */
export async function derivedTables(sql: Sql) {
	const ids = (await sql<{ id: string }[]>`select id from structures order by id`).map((r) => r.id);
	for (let i = 0; i < ids.length; i += 50000)
		await sql`select refresh_search_documents(${ids.slice(i, i + 50000)}::uuid[])`;
	console.log('  documents de recherche faits');
	await sql`select rebuild_structure_cells()`;
	console.log('  cases de la carte faites');
}
