import type { Point } from 'geojson';

/**
 * A way to reach a structure: a person (from `contacts`, personal data) or the
 * establishment's own public channels (its email and phone, shown as one row so that the
 * tool is useful where no person is known).
 */
export interface Contact {
	/** null for the establishment row, which is not stored in `contacts`. */
	id: string | null;
	kind: 'personne' | 'etablissement';
	name: string;
	role: string;
	email: string | null;
	phone: string | null;
	visibility: 'public' | 'staff';
}

export interface ContactStructure {
	id: string;
	slug: string;
	name: string;
	categories: string[];
	commune: { code: string; name: string } | null;
	departement: string | null;
	address: { street: string | null; postcode: string | null };
	website: string | null;
	/** The establishment's public channels (structure fields, not personal data). */
	email: string | null;
	phone: string | null;
	geometry: Point;
	location_precision: 'exact' | 'approximate';
	/** Schools: public or private. */
	sector: string | null;
	contacts: Contact[];
}

export const ESTABLISHMENT_CONTACT_NAME = 'Contact établissement';
