import type { TransactionSql } from '../db';
import { changesOf, type ImportChange } from './changes';
import { priorityOf } from './datasets';
import { canonical, mergeValues, type SourceLayer, type Values } from './merge';
import type { Placement } from './placement';
import { round } from './placement';
import { baseSlug, disambiguatedSlug } from './slug';
import type { Identifier, Json, StructureRecord } from './types';

/**
 * Writes placed records as structures: a record found by any of its identifiers updates that
 * structure (merge.ts decides field by field), otherwise it is inserted with a new slug.
 * Everything is batched: a handful of statements per dataset, whatever its size.
 */

export interface PlacedRecord {
	record: StructureRecord;
	placement: Placement;
	/** The structure one of its identifiers already points at. */
	structureId: string | null;
}

/** Rows per insert statement. */
const INSERT_CHUNK = 5000;

export type Outcome = 'inserted' | 'updated' | 'unchanged';

export interface UpsertResult {
	outcomes: { record: StructureRecord; outcome: Outcome; attached: boolean; id: string }[];
	warnings: { record: StructureRecord; message: string }[];
	/** What changed (or waits for a moderator) against the published structures. */
	changes: ImportChange[];
}

interface SourceLayerJson {
	record_id: string;
	values: Values;
}

/** The row a record stands for, as it would be stored. */
interface RowValues {
	name: string;
	categories: string[];
	website: string | null;
	email: string | null;
	phone: string | null;
	address_street: string | null;
	postcode: string | null;
	commune_code: string | null;
	lon: number;
	lat: number;
	location_precision: string;
	location_note: string | null;
	status: string;
	source_updated_at: string | null;
	attributes: Record<string, Json>;
}

/** A stored structure: its values plus what the merge needs to know about it. */
interface CurrentRow extends RowValues {
	id: string;
	source_values: Record<string, SourceLayerJson>;
	identifiers: Record<string, string> | null;
}

export async function upsertRecords(
	tx: TransactionSql,
	placed: PlacedRecord[]
): Promise<UpsertResult> {
	const result: UpsertResult = { outcomes: [], warnings: [], changes: [] };
	const existing = placed.filter((p) => p.structureId);
	const fresh = placed.filter((p) => !p.structureId);
	await updateExisting(tx, existing, result);
	await insertFresh(tx, fresh, result);
	return result;
}

function rowOf({ record, placement }: PlacedRecord): RowValues {
	return {
		name: record.name,
		categories: record.categories,
		website: record.website,
		email: record.email,
		phone: record.phone,
		address_street: record.addressStreet,
		postcode: record.postcode,
		commune_code: placement.commune.code,
		lon: placement.lon,
		lat: placement.lat,
		location_precision: placement.precision,
		location_note: placement.note,
		status: record.status,
		source_updated_at: record.sourceUpdatedAt,
		attributes: record.attributes
	};
}

/** Flat paths compared by the merge; the location moves as one value. */
function flatten(row: RowValues): Values {
	const values: Values = {
		name: row.name,
		categories: row.categories,
		website: row.website,
		email: row.email,
		phone: row.phone,
		address_street: row.address_street,
		postcode: row.postcode,
		commune_code: row.commune_code,
		location: {
			lon: round(row.lon),
			lat: round(row.lat),
			precision: row.location_precision,
			note: row.location_note
		},
		status: row.status,
		source_updated_at: row.source_updated_at
	};
	for (const [key, value] of Object.entries(row.attributes)) values[`attributes.${key}`] = value;
	return values;
}

function applyChanges(current: CurrentRow, changes: Values): RowValues {
	const next: RowValues = {
		name: current.name,
		categories: current.categories,
		website: current.website,
		email: current.email,
		phone: current.phone,
		address_street: current.address_street,
		postcode: current.postcode,
		commune_code: current.commune_code,
		lon: current.lon,
		lat: current.lat,
		location_precision: current.location_precision,
		location_note: current.location_note,
		status: current.status,
		source_updated_at: current.source_updated_at,
		attributes: { ...current.attributes }
	};
	for (const [path, value] of Object.entries(changes)) {
		if (path.startsWith('attributes.')) {
			const key = path.slice('attributes.'.length);
			if (value === null) delete next.attributes[key];
			else next.attributes[key] = value;
		} else if (path === 'location') {
			const location = value as {
				lon: number;
				lat: number;
				precision: string;
				note: string | null;
			};
			next.lon = location.lon;
			next.lat = location.lat;
			next.location_precision = location.precision;
			next.location_note = location.note;
		} else {
			(next as unknown as Record<string, Json>)[path] = value;
		}
	}
	return next;
}

async function updateExisting(tx: TransactionSql, existing: PlacedRecord[], result: UpsertResult) {
	if (existing.length === 0) return;
	const ids = JSON.stringify(existing.map((p) => p.structureId));
	const rows = await tx<CurrentRow[]>`
		select s.id, s.name, s.categories, s.website, s.email, s.phone, s.address_street, s.postcode,
			s.commune_code, ST_X(s.geom) as lon, ST_Y(s.geom) as lat, s.location_precision,
			s.location_note, s.status, s.source_updated_at::text as source_updated_at, s.attributes,
			s.source_values,
			(select json_object_agg(i.scheme, i.value) from structure_identifiers i
				where i.structure_id = s.id) as identifiers
		from structures s
		where s.id in (select value::uuid from json_array_elements_text(${ids}::text::json))`;
	const byId = new Map(rows.map((r) => [r.id, r]));
	const updates: (RowValues & {
		id: string;
		source_values: Record<string, SourceLayerJson>;
		visible: boolean;
	})[] = [];
	const newIdentifiers: (Identifier & { id: string })[] = [];
	for (const item of existing) {
		const { record } = item;
		const current = byId.get(item.structureId!)!;
		const incoming = flatten(rowOf(item));
		const layers: SourceLayer[] = Object.entries(current.source_values ?? {}).map(
			([dataset, layer]) => ({ dataset, priority: priorityOf(dataset), values: layer.values ?? {} })
		);
		const currentValues = flatten(applyChanges(current, {}));
		const { changes, keptLocal } = mergeValues(
			currentValues,
			incoming,
			{ dataset: record.datasetId, priority: priorityOf(record.datasetId) },
			layers
		);
		for (const path of keptLocal)
			result.warnings.push({
				record,
				message: `Valeur modifiée localement conservée (${path}) : la valeur de la source n’est pas appliquée.`
			});
		const previousLayer = current.source_values?.[record.datasetId];
		const layer: SourceLayerJson = { record_id: record.recordId, values: incoming };
		const layerChanged =
			!previousLayer ||
			canonical(previousLayer as unknown as Json) !== canonical(layer as unknown as Json);
		const identifiers = current.identifiers ?? {};
		const changedIdentifiers: { scheme: string; before: string; after: string }[] = [];
		for (const identifier of record.identifiers) {
			const present = identifiers[identifier.scheme];
			if (present === undefined) newIdentifiers.push({ id: current.id, ...identifier });
			else if (present !== identifier.value) {
				changedIdentifiers.push({
					scheme: identifier.scheme,
					before: present,
					after: identifier.value
				});
				result.warnings.push({
					record,
					message: `Identifiant ${identifier.scheme} différent de celui enregistré (« ${present} ») : « ${identifier.value} » n’est pas ajouté.`
				});
			}
		}
		result.changes.push(
			...changesOf({
				structureId: current.id,
				recordId: record.recordId,
				name: current.name,
				current: currentValues,
				incoming,
				previous: previousLayer?.values ?? null,
				applied: changes,
				keptLocal,
				identifiers: changedIdentifiers
			})
		);
		const visible = Object.keys(changes).length > 0;
		const identifiersAdded = record.identifiers.some((i) => identifiers[i.scheme] === undefined);
		if (visible || layerChanged)
			updates.push({
				id: current.id,
				...applyChanges(current, changes),
				source_values: { ...current.source_values, [record.datasetId]: layer },
				visible
			});
		result.outcomes.push({
			record,
			outcome: visible || identifiersAdded ? 'updated' : 'unchanged',
			attached: !previousLayer,
			id: current.id
		});
	}
	if (updates.length)
		await tx`
			update structures s set
				name = x.name, category = x.categories->>0,
				categories = array(select json_array_elements_text(x.categories)),
				website = x.website, email = x.email, phone = x.phone, address_street = x.address_street,
				postcode = x.postcode, commune_code = x.commune_code,
				geom = ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326),
				location_precision = x.location_precision, location_note = x.location_note,
				status = x.status, source_updated_at = x.source_updated_at::date,
				attributes = x.attributes, source_values = x.source_values,
				version = s.version + case when x.visible then 1 else 0 end,
				updated_at = case when x.visible then now() else s.updated_at end
			from json_to_recordset(${JSON.stringify(updates)}::text::json) as x(id uuid, name text,
				categories json, website text, email text, phone text, address_street text, postcode text,
				commune_code text, lon float8, lat float8, location_precision text, location_note text,
				status text, source_updated_at text, attributes jsonb, source_values jsonb, visible boolean)
			where s.id = x.id`;
	await insertIdentifiers(tx, newIdentifiers);
}

async function insertFresh(tx: TransactionSql, fresh: PlacedRecord[], result: UpsertResult) {
	if (fresh.length === 0) return;
	const bases = fresh.map((p) => baseSlug(p.record.name, p.placement.commune.name));
	const taken = new Set(
		(
			await tx<{ slug: string }[]>`
				select slug from structures
				where slug in (select json_array_elements_text(${JSON.stringify(bases)}::text::json))`
		).map((r) => r.slug)
	);
	const uses = new Map<string, number>();
	for (const base of bases) uses.set(base, (uses.get(base) ?? 0) + 1);
	const rows = fresh.map((item, k) => {
		const base = bases[k]!;
		// A slug shared in the batch gets the identifier for every holder, so that slugs
		// do not depend on the order of the rows.
		const slug =
			taken.has(base) || (uses.get(base) ?? 0) > 1
				? disambiguatedSlug(base, item.record.identifiers[0]?.value ?? item.record.recordId)
				: base;
		const values = rowOf(item);
		return {
			...values,
			slug,
			dataset_id: item.record.datasetId,
			record_id: item.record.recordId,
			source_values: {
				[item.record.datasetId]: { record_id: item.record.recordId, values: flatten(values) }
			}
		};
	});
	// In chunks: a national file is tens of thousands of rows, one JSON text each chunk.
	const inserted: { id: string; slug: string }[] = [];
	for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
		const chunk = rows.slice(start, start + INSERT_CHUNK);
		inserted.push(
			...(await tx<{ id: string; slug: string }[]>`
		insert into structures (slug, name, category, categories, website, email, phone, address_street,
			postcode, commune_code, geom, location_precision, location_note, status, source, dataset_id,
			source_record_id, source_updated_at, source_values, attributes)
		select x.slug, x.name, x.categories->>0, array(select json_array_elements_text(x.categories)),
			x.website, x.email, x.phone, x.address_street, x.postcode, x.commune_code,
			ST_SetSRID(ST_MakePoint(x.lon, x.lat), 4326), x.location_precision, x.location_note,
			x.status, 'import:' || x.dataset_id, x.dataset_id, x.record_id, x.source_updated_at::date,
			x.source_values, x.attributes
		from json_to_recordset(${JSON.stringify(chunk)}::text::json) as x(slug text, name text, categories json,
			website text, email text, phone text, address_street text, postcode text, commune_code text,
			lon float8, lat float8, location_precision text, location_note text, status text,
			dataset_id text, record_id text, source_updated_at text, source_values jsonb, attributes jsonb)
		returning id, slug`)
		);
	}
	const idBySlug = new Map(inserted.map((r) => [r.slug, r.id]));
	const identifiers: (Identifier & { id: string })[] = [];
	fresh.forEach((item, k) => {
		const id = idBySlug.get(rows[k]!.slug)!;
		identifiers.push(...item.record.identifiers.map((i) => ({ id, ...i })));
		result.outcomes.push({ record: item.record, outcome: 'inserted', attached: false, id });
		if (item.record.status === 'published')
			result.changes.push({
				kind: 'new',
				structureId: id,
				recordId: item.record.recordId,
				name: item.record.name,
				path: 'structure',
				before: null,
				after: item.record.name,
				summary: `Nouvelle structure : « ${item.record.name} »`,
				conflict: false
			});
	});
	await insertIdentifiers(tx, identifiers);
}

async function insertIdentifiers(tx: TransactionSql, identifiers: (Identifier & { id: string })[]) {
	if (identifiers.length === 0) return;
	await tx`
		insert into structure_identifiers (structure_id, scheme, value)
		select x.id, x.scheme, x.value
		from json_to_recordset(${JSON.stringify(identifiers)}::text::json) as x(id uuid, scheme text, value text)
		on conflict do nothing`;
}
