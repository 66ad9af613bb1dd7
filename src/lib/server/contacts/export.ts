import { categoryLabel } from '../../domain/categories';
import { BOM, csvHeader, csvRow, type CsvColumn } from '../export/csv';
import { structuresToGeoJson } from '../export/geojson';
import { toVCards, type VCardInput } from '../export/vcard';
import type { ContactQuery } from './area';
import { finish } from './audit';
import type { Viewer } from './list';
import type { Contact, ContactStructure } from './types';
import { walk } from './walk';

export const EXPORT_FORMATS = ['csv', 'vcf', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
	return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * Structures per query of an export (two batches in memory at a time, walk.ts): fewer, larger
 * batches cut a tenth of a national département's walk compared with 1,000.
 */
export const EXPORT_PAGE_ROWS = 2500;

/**
 * The file's text, part by part: every structure of the query, read batch after batch in the
 * list's order, never the whole set in memory. Once the last part is made, the audit
 * entry `entryId` gets the rows as the user will count them (contact lines, cards, features).
 */
export async function* exportParts(
	query: ContactQuery,
	viewer: Viewer,
	layout: ExportLayout,
	entryId: string,
	size = EXPORT_PAGE_ROWS
): AsyncGenerator<string> {
	let rows = 0;
	let first = true;
	yield layout.head;
	for await (const structures of allPages(query, viewer, size)) {
		const part = layout.page(structures, first);
		first = false;
		rows += part.rows;
		yield part.text;
	}
	yield layout.tail;
	await finish(entryId, rows);
}

/**
 * Every structure of the query, a batch at a time, in the list's order: one ordered walk of the
 * area (walk.ts), in time linear in its size.
 */
export function allPages(
	query: ContactQuery,
	viewer: Viewer,
	size = EXPORT_PAGE_ROWS
): AsyncGenerator<ContactStructure[]> {
	return walk(query, viewer, size);
}

/** How a format lays out a file written a page at a time. */
export interface ExportLayout {
	contentType: string;
	extension: string;
	head: string;
	/** One page's text; `first`: no separator before it. */
	page(structures: ContactStructure[], first: boolean): { text: string; rows: number };
	tail: string;
}

export function exportLayout(format: ExportFormat, baseUrl: string): ExportLayout {
	return LAYOUTS[format](baseUrl);
}

const LAYOUTS: Record<ExportFormat, (baseUrl: string) => ExportLayout> = {
	csv: (baseUrl) => {
		const columns = csvColumns(baseUrl);
		return {
			contentType: 'text/csv; charset=utf-8',
			extension: 'csv',
			head: BOM + csvHeader(columns),
			page: (structures) => {
				const rows = csvRows(structures);
				let text = '';
				for (const row of rows) text += csvRow(columns, row);
				return { text, rows: rows.length };
			},
			tail: ''
		};
	},
	vcf: (baseUrl) => ({
		contentType: 'text/vcard; charset=utf-8',
		extension: 'vcf',
		head: '',
		page: (structures) => {
			const cards = structures.flatMap((s) => s.contacts.map((c) => card(s, c, baseUrl)));
			return { text: toVCards(cards), rows: cards.length };
		},
		tail: ''
	}),
	geojson: (baseUrl) => ({
		contentType: 'application/geo+json; charset=utf-8',
		extension: 'geojson',
		head: '{"type":"FeatureCollection","features":[',
		page: (structures, first) => {
			const { features } = structuresToGeoJson(structures, baseUrl);
			const text = features.map((f) => JSON.stringify(f)).join(',');
			return { text: first || !text ? text : `,${text}`, rows: features.length };
		},
		tail: ']}'
	})
};

interface CsvRow {
	structure: ContactStructure;
	contact: Contact | null;
}

/** One line per contact; a structure without any contact still gets a line. */
function csvRows(structures: ContactStructure[]): CsvRow[] {
	return structures.flatMap((structure): CsvRow[] =>
		structure.contacts.length
			? structure.contacts.map((contact) => ({ structure, contact }))
			: [{ structure, contact: null }]
	);
}

/** Decimal commas, so that French spreadsheet software reads coordinates as numbers. */
function decimal(value: number | undefined): string {
	return value === undefined ? '' : value.toFixed(6).replace('.', ',');
}

function csvColumns(baseUrl: string): CsvColumn<CsvRow>[] {
	return [
		{ header: 'Structure', value: (r) => r.structure.name },
		{ header: 'Catégories', value: (r) => r.structure.categories.map(categoryLabel).join(', ') },
		{ header: 'Commune', value: (r) => r.structure.commune?.name },
		{ header: 'Code INSEE', value: (r) => r.structure.commune?.code },
		{ header: 'Département', value: (r) => r.structure.departement },
		{ header: 'Adresse', value: (r) => r.structure.address.street },
		{ header: 'Code postal', value: (r) => r.structure.address.postcode },
		{ header: 'Contact', value: (r) => r.contact?.name },
		{ header: 'Fonction', value: (r) => r.contact?.role },
		{ header: 'Courriel', value: (r) => r.contact?.email },
		{ header: 'Téléphone', value: (r) => r.contact?.phone },
		{
			header: 'Diffusion',
			value: (r) =>
				r.contact ? (r.contact.visibility === 'staff' ? 'Personnel uniquement' : 'Public') : ''
		},
		{ header: 'Site web', value: (r) => r.structure.website },
		{ header: 'Latitude', value: (r) => decimal(r.structure.geometry.coordinates[1]) },
		{ header: 'Longitude', value: (r) => decimal(r.structure.geometry.coordinates[0]) },
		{ header: 'Fiche', value: (r) => structureUrl(baseUrl, r.structure) }
	];
}

function card(structure: ContactStructure, contact: Contact, baseUrl: string): VCardInput {
	const [lon, lat] = structure.geometry.coordinates as [number, number];
	const establishment = contact.kind === 'etablissement';
	return {
		uid: `urn:uuid:${contact.id ?? structure.id}`,
		kind: establishment ? 'org' : 'individual',
		fullName: establishment ? structure.name : contact.name,
		organisation: structure.name,
		title: contact.role || null,
		email: contact.email,
		phone: contact.phone,
		address: {
			street: structure.address.street,
			locality: structure.commune?.name ?? null,
			postcode: structure.address.postcode
		},
		position: { lat, lon },
		categories: structure.categories.map(categoryLabel),
		url: structureUrl(baseUrl, structure)
	};
}

function structureUrl(baseUrl: string, structure: ContactStructure): string {
	return `${baseUrl}/structures/${encodeURIComponent(structure.slug)}`;
}
