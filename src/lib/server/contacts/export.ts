import { categoryLabel } from '../../domain/categories';
import { toCsv, type CsvColumn } from '../export/csv';
import { structuresToGeoJson } from '../export/geojson';
import { toVCards, type VCardInput } from '../export/vcard';
import type { Contact, ContactStructure } from './types';

export const EXPORT_FORMATS = ['csv', 'vcf', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string): value is ExportFormat {
	return (EXPORT_FORMATS as readonly string[]).includes(value);
}

export interface ExportFile {
	body: string;
	contentType: string;
	extension: string;
	/** Rows as the user will count them: contact lines, cards or features. */
	rows: number;
}

export function exportFile(
	structures: ContactStructure[],
	format: ExportFormat,
	baseUrl: string
): ExportFile {
	if (format === 'csv') {
		const rows = csvRows(structures);
		return {
			body: toCsv(csvColumns(baseUrl), rows),
			contentType: 'text/csv; charset=utf-8',
			extension: 'csv',
			rows: rows.length
		};
	}
	if (format === 'vcf') {
		const cards = structures.flatMap((s) => s.contacts.map((c) => card(s, c, baseUrl)));
		return {
			body: toVCards(cards),
			contentType: 'text/vcard; charset=utf-8',
			extension: 'vcf',
			rows: cards.length
		};
	}
	return {
		body: JSON.stringify(structuresToGeoJson(structures, baseUrl)),
		contentType: 'application/geo+json; charset=utf-8',
		extension: 'geojson',
		rows: structures.length
	};
}

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
