import {
	FormationLabel,
	ModaliteAccompagnement,
	Service,
	Typologie,
	fromSchemaLieuDeMediationNumerique,
	isValidTelephone,
	isValidUrl,
	type SchemaLieuMediationNumerique
} from '@gouvfr-anct/lieux-de-mediation-numerique';
import type { StructureFilters } from '../../domain/structure-filters';
import { sql } from '../db';
import { csvHeader, csvRow, neutralise, type CsvColumn } from '../export/csv';
import { log } from '../log';
import { whereClause } from '../structures/where';
import { licenceColumns, type LicenceCode } from './licences';
import { osmOpeningHours } from './lmn-hours';
import { pages } from './stream';

/**
 * Cartonum's mediation places, fablabs and tiers-lieux in the national schema of digital-
 * mediation places (schema.data.gouv.fr, LaMednum/standard-mediation-num), built with its
 * reference library: each row is read back by the library's own model
 * (`fromSchemaLieuDeMediationNumerique`), and a row the library refuses is left out and counted.
 * Optional values the library would refuse (a malformed phone number, a link) are dropped
 * rather than losing the place.
 */

const PLACE_CATEGORIES = ['mediation-numerique', 'fablab-tiers-lieu'];

/** The schema's columns, in its order. */
export const LMN_COLUMNS = [
	'id',
	'pivot',
	'nom',
	'commune',
	'code_postal',
	'code_insee',
	'adresse',
	'complement_adresse',
	'latitude',
	'longitude',
	'typologie',
	'telephone',
	'courriels',
	'site_web',
	'horaires',
	'presentation_resume',
	'presentation_detail',
	'source',
	'structure_parente',
	'date_maj',
	'services',
	'publics_specifiquement_adresses',
	'prise_en_charge_specifique',
	'frais_a_charge',
	'itinerance',
	'modalites_acces',
	'modalites_accompagnement',
	'fiche_acces_libre',
	'prise_rdv',
	'dispositif_programmes_nationaux',
	'formations_labels',
	'autres_formations_labels'
] as const satisfies readonly (keyof SchemaLieuMediationNumerique)[];

/** Free text a spreadsheet could read as a formula; the other columns follow patterns. */
const FREE_TEXT = new Set<string>([
	'nom',
	'adresse',
	'complement_adresse',
	'presentation_resume',
	'presentation_detail',
	'source',
	'structure_parente',
	'autres_formations_labels'
]);

/** The schema's placeholder for an unknown SIRET (the national files use it). */
const UNKNOWN_PIVOT = '00000000000000';

export interface PlaceRow {
	id: string;
	name: string;
	description: string;
	categories: string[];
	address_street: string | null;
	postcode: string | null;
	commune_code: string | null;
	commune_name: string | null;
	commune_postcodes: string[] | null;
	longitude: number;
	latitude: number;
	location_precision: 'exact' | 'approximate';
	phone: string | null;
	email: string | null;
	website: string | null;
	siret: string | null;
	attributes: Record<string, unknown>;
	licence: LicenceCode;
	attribution: string;
	date_maj: string;
}

export function lmnWhere(filters: StructureFilters): ReturnType<typeof whereClause> {
	return sql`${whereClause(filters)} and s.categories && ${PLACE_CATEGORIES}::text[]`;
}

export function placeRows(
	filters: StructureFilters,
	after: string | null,
	limit: number
): Promise<PlaceRow[]> {
	return sql<PlaceRow[]>`
		select s.id, s.name, s.description, s.categories, s.address_street, s.postcode,
			s.commune_code, c.name as commune_name, c.postcodes as commune_postcodes,
			round(ST_X(s.geom)::numeric, 6)::float8 as longitude,
			round(ST_Y(s.geom)::numeric, 6)::float8 as latitude,
			s.location_precision, s.phone, s.email, s.website, s.attributes,
			(select i.value from structure_identifiers i
				where i.structure_id = s.id and i.scheme = 'siret') as siret,
			${licenceColumns()},
			coalesce(s.source_updated_at, s.updated_at::date)::text as date_maj
		from structures s
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where ${lmnWhere(filters)} ${after ? sql`and s.id > ${after}::uuid` : sql``}
		order by s.id
		limit ${limit}`;
}

const strings = (value: unknown): string[] =>
	Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && !!v.trim()) : [];

const text = (value: unknown): string | undefined =>
	typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** The values of `candidates` that the schema's list accepts, `|`-joined; undefined if none. */
function allowed(candidates: string[], values: Record<string, string>): string | undefined {
	const known = new Set(Object.values(values));
	const kept = [...new Set(candidates.filter((c) => known.has(c)))];
	return kept.length ? kept.join('|') : undefined;
}

/** MedNum BFC's typology codes (`F`, `TL`, `FTL`) and the schema's own, to the schema's list. */
function typologies(row: PlaceRow): string | undefined {
	const codes = strings(row.attributes.typologie_schema);
	const mednum = String(row.attributes.code_typo ?? '').toUpperCase();
	if (/\bF(TL)?\b/.test(mednum)) codes.push(Typologie.FABLAB);
	if (/\b(F?TL|T)\b/.test(mednum)) codes.push(Typologie.TIERS_LIEUX);
	return allowed(codes, Typologie);
}

/** MedNum BFC's ways of helping (« Accompagnement individuel sur rendez-vous »…), to the schema's. */
function accompaniments(row: PlaceRow): string | undefined {
	const values = [
		...strings(row.attributes.modalites_accompagnement),
		...strings(row.attributes.accompagnement).flatMap((label) => {
			if (/individuel/i.test(label)) return [ModaliteAccompagnement.AccompagnementIndividuel];
			if (/groupe|atelier|collecti/i.test(label)) return [ModaliteAccompagnement.DansUnAtelier];
			if (/distance/i.test(label)) return [ModaliteAccompagnement.ADistance];
			if (/autonomie|libre/i.test(label)) return [ModaliteAccompagnement.EnAutonomie];
			return [];
		})
	];
	return allowed(values, ModaliteAccompagnement);
}

function pivot(row: PlaceRow): string {
	const candidates = [text(row.attributes.pivot), row.siret ?? undefined];
	const valid = candidates.find(
		(c) => c && (/^\d{14}$/.test(c.replace(/\s/g, '')) || /^W[a-zA-Z0-9]{9}$/.test(c))
	);
	return valid?.replace(/\s/g, '') ?? UNKNOWN_PIVOT;
}

/** A place in the schema's fields (absent fields left out, as the library writes them). */
export function toLieu(row: PlaceRow): SchemaLieuMediationNumerique {
	const labels = [...strings(row.attributes.labels_nationaux), ...strings(row.attributes.labels)];
	const national = allowed(labels, FormationLabel);
	const others = [
		...strings(row.attributes.autres_labels),
		...labels.filter((l) => !national?.split('|').includes(l))
	];
	const website = row.website && isValidUrl(row.website) ? row.website : undefined;
	const booking = text(row.attributes.prise_rdv);
	const description = text(row.description);
	const lieu: SchemaLieuMediationNumerique = {
		id: row.id,
		pivot: pivot(row),
		nom: row.name,
		commune: row.commune_name ?? text(row.attributes.commune_source) ?? '',
		code_postal: row.postcode ?? row.commune_postcodes?.[0] ?? '',
		...(row.commune_code ? { code_insee: row.commune_code } : {}),
		adresse: row.address_street ?? '',
		// An approximate point (the commune's) would mislead the national map: left out.
		...(row.location_precision === 'exact'
			? { latitude: row.latitude, longitude: row.longitude }
			: {}),
		...optional('typologie', typologies(row)),
		...optional('telephone', row.phone && isValidTelephone(row.phone) ? row.phone : undefined),
		...optional('courriels', row.email ?? undefined),
		...optional('site_web', website),
		...optional(
			'horaires',
			text(row.attributes.horaires_osm) ?? osmOpeningHours(row.attributes.horaires) ?? undefined
		),
		...optional('presentation_resume', description && description.slice(0, 280)),
		...optional(
			'presentation_detail',
			description && description.length > 280 ? description : undefined
		),
		source: row.licence === 'ODbL-1.0' ? `Cartonum, d’après ${row.attribution}` : 'Cartonum',
		date_maj: row.date_maj,
		...optional('services', allowed(strings(row.attributes.services), Service)),
		...optional('modalites_accompagnement', accompaniments(row)),
		...optional('prise_rdv', booking && isValidUrl(booking) ? booking : undefined),
		...optional('formations_labels', national),
		...optional(
			'autres_formations_labels',
			others.length ? [...new Set(others)].join('|') : undefined
		)
	};
	return lieu;
}

function optional<K extends keyof SchemaLieuMediationNumerique>(
	key: K,
	value: SchemaLieuMediationNumerique[K] | undefined | null | ''
): Partial<SchemaLieuMediationNumerique> {
	return value === undefined || value === null || value === '' ? {} : { [key]: value };
}

/** Null when the reference library accepts the place; otherwise why it refuses it. */
export function refusal(lieu: SchemaLieuMediationNumerique): string | null {
	try {
		const model = fromSchemaLieuDeMediationNumerique(lieu);
		if (Number.isNaN(model.date_maj.getTime())) return 'DateMajError';
		return null;
	} catch (error) {
		return error instanceof Error ? error.constructor.name : 'Error';
	}
}

export interface LmnTally {
	exported: number;
	refused: number;
	/** Refused rows per reason (the library's error names: VoieError, CodePostalError…). */
	reasons: Record<string, number>;
}

/** The accepted places, page by page, counting the refused ones in `tally`. */
export async function* places(
	filters: StructureFilters,
	tally: LmnTally = { exported: 0, refused: 0, reasons: {} }
): AsyncGenerator<SchemaLieuMediationNumerique[]> {
	for await (const rows of pages((after, limit) => placeRows(filters, after, limit))) {
		const accepted: SchemaLieuMediationNumerique[] = [];
		for (const row of rows) {
			const lieu = toLieu(row);
			const why = refusal(lieu);
			if (why) {
				tally.refused += 1;
				tally.reasons[why] = (tally.reasons[why] ?? 0) + 1;
			} else {
				tally.exported += 1;
				accepted.push(lieu);
			}
		}
		yield accepted;
	}
}

const lmnCsvColumns: CsvColumn<SchemaLieuMediationNumerique>[] = LMN_COLUMNS.map((name) => ({
	header: name,
	value: (lieu) => {
		const value = lieu[name];
		if (value === undefined) return null;
		return typeof value === 'string' && FREE_TEXT.has(name) ? neutralise(value) : value;
	}
}));

/** The schema's CSV: `,`-separated UTF-8, as the national files are. */
export async function* lmnCsv(filters: StructureFilters) {
	const dialect = { separator: ',', neutralise: false };
	yield csvHeader(lmnCsvColumns, dialect);
	const tally: LmnTally = { exported: 0, refused: 0, reasons: {} };
	for await (const lieux of places(filters, tally)) {
		let text = '';
		for (const lieu of lieux) text += csvRow(lmnCsvColumns, lieu, dialect);
		if (text) yield text;
	}
	logTally('csv', tally);
}

/** The schema's JSON: one array of places. */
export async function* lmnJson(filters: StructureFilters) {
	yield '[';
	const tally: LmnTally = { exported: 0, refused: 0, reasons: {} };
	for await (const lieux of places(filters, tally)) {
		if (!lieux.length) continue;
		const first = tally.exported === lieux.length;
		yield (first ? '\n' : ',\n') + lieux.map((l) => JSON.stringify(l)).join(',\n');
	}
	yield '\n]\n';
	logTally('json', tally);
}

function logTally(format: string, tally: LmnTally) {
	const event = tally.refused ? log.warn : log.info;
	event('opendata.lmn', { format, ...tally });
}
