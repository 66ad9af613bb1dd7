import { currentPool, sql } from '../db';
import { placeKey, type Gazetteer } from './understand';

/**
 * The places a query may name, read from `territories` once and kept: one query per database
 * every RELOAD_MS at most, never one per search or per word. Territories change only with an
 * import, which `forgetGazetteer()` follows.
 */
const RELOAD_MS = 10 * 60_000;

const cache = new WeakMap<object, { loaded: number; gazetteer: Promise<Gazetteer> }>();

export function gazetteer(): Promise<Gazetteer> {
	const pool = currentPool();
	const cached = cache.get(pool);
	if (cached && Date.now() - cached.loaded < RELOAD_MS) return cached.gazetteer;
	const loading = load();
	cache.set(pool, { loaded: Date.now(), gazetteer: loading });
	// A failed load is not kept: the next search tries again.
	loading.catch(() => cache.delete(pool));
	return loading;
}

export function forgetGazetteer(): void {
	cache.delete(currentPool());
}

interface Row {
	kind: 'commune' | 'departement';
	code: string;
	name: string;
	departement_code: string | null;
	postcodes: string[];
}

async function load(): Promise<Gazetteer> {
	const rows = await sql<Row[]>`
		select kind, insee_code as code, name, departement_code, postcodes
		from territories where kind in ('commune', 'departement')
		order by kind, coalesce(population, 0) desc, insee_code`;
	const result: Gazetteer = {
		communes: new Map(),
		postcodes: new Map(),
		departements: new Map(),
		maxWords: 0
	};
	const communesOf = new Map<string, string[]>();
	for (const row of rows) {
		if (row.kind !== 'commune') continue;
		const key = placeKey(row.name);
		if (key) {
			const entry = result.communes.get(key) ?? { name: row.name, codes: [] };
			entry.codes.push(row.code);
			result.communes.set(key, entry);
			result.maxWords = Math.max(result.maxWords, key.split(' ').length);
		}
		for (const postcode of row.postcodes) {
			const entry = result.postcodes.get(postcode) ?? { name: postcode, codes: [] };
			entry.codes.push(row.code);
			result.postcodes.set(postcode, entry);
		}
		if (row.departement_code)
			communesOf.set(row.departement_code, [
				...(communesOf.get(row.departement_code) ?? []),
				row.code
			]);
	}
	for (const row of rows) {
		if (row.kind !== 'departement') continue;
		const entry = { name: row.name, code: row.code, communes: communesOf.get(row.code) ?? [] };
		const key = placeKey(row.name);
		if (key) {
			result.departements.set(key, entry);
			result.maxWords = Math.max(result.maxWords, key.split(' ').length);
		}
		result.departements.set(row.code.toLowerCase(), entry);
	}
	return result;
}
