import { describe, expect, it } from 'vitest';
import { exportLayout, type ExportFormat } from '../../src/lib/server/contacts/export';
import type { ContactStructure } from '../../src/lib/server/contacts/types';
import { neutralise, toCsv } from '../../src/lib/server/export/csv';
import { fold, vCard } from '../../src/lib/server/export/vcard';

const structure: ContactStructure = {
	id: '7b7f8a56-8c1e-4f55-9d71-2f1f1b2c3d4e',
	slug: 'college-les-lentillieres',
	name: 'Collège Les Lentillères; Dijon',
	categories: ['college', 'point-visio'],
	commune: { code: '21231', name: 'Dijon' },
	departement: '21',
	address: { street: '9 rue Le Nôtre', postcode: '21000' },
	website: 'https://example.fr',
	email: 'ce.0211234a@ac-dijon.fr',
	phone: '03 80 00 00 00',
	geometry: { type: 'Point', coordinates: [5.0561, 47.3097] },
	location_precision: 'exact',
	sector: 'public',
	contacts: [
		{
			id: null,
			kind: 'etablissement',
			name: 'Contact établissement',
			role: '',
			email: 'ce.0211234a@ac-dijon.fr',
			phone: '03 80 00 00 00',
			visibility: 'public'
		},
		{
			id: '0a4b1f7e-9a6b-4c5e-8d2f-3e4f5a6b7c8d',
			kind: 'personne',
			name: '=HYPERLINK("http://evil","x")',
			role: 'Référente numérique, RUPN',
			email: 'personne.secrete@ac-dijon.fr',
			phone: '+33 6 12 34 56 78',
			visibility: 'staff'
		}
	]
};

/** A whole file of one page, as the export stream writes it. */
function exportFile(structures: ContactStructure[], format: ExportFormat, baseUrl: string) {
	const layout = exportLayout(format, baseUrl);
	const page = layout.page(structures, true);
	return {
		contentType: layout.contentType,
		body: layout.head + page.text + layout.tail,
		rows: page.rows
	};
}

describe('CSV', () => {
	it('starts with a BOM, separates with semicolons and ends rows with CRLF', () => {
		const csv = toCsv(
			[
				{ header: 'Nom', value: (r: { n: string }) => r.n },
				{ header: 'Ville', value: () => 'Dijon' }
			],
			[{ n: 'École' }]
		);
		expect(csv).toBe('\uFEFFNom;Ville\r\nÉcole;Dijon\r\n');
		expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
	});

	it('neutralises cells a spreadsheet would run as formulas', () => {
		for (const start of ['=', '+', '-', '@', '\t', '\r']) {
			expect(neutralise(`${start}1+1`)).toBe(`'${start}1+1`);
		}
		expect(neutralise('Dijon')).toBe('Dijon');
		expect(neutralise('a=b')).toBe('a=b');
	});

	it('quotes cells holding separators, quotes or line breaks', () => {
		const csv = toCsv([{ header: 'x', value: (r: string) => r }], ['a;b', 'dit "oui"', 'l1\nl2']);
		expect(csv.split('\r\n').slice(1, 4)).toEqual(['"a;b"', '"dit ""oui"""', '"l1\nl2"']);
	});

	it('exports one line per contact with neutralised, quoted cells', () => {
		const file = exportFile([structure], 'csv', 'https://cartonum.test');
		expect(file.rows).toBe(2);
		expect(file.contentType).toBe('text/csv; charset=utf-8');
		const lines = file.body.slice(1).split('\r\n');
		expect(lines[0]).toBe(
			'Structure;Catégories;Commune;Code INSEE;Département;Adresse;Code postal;Contact;Fonction;Courriel;Téléphone;Diffusion;Site web;Latitude;Longitude;Fiche'
		);
		expect(lines[2]).toContain(';"\'=HYPERLINK(""http://evil"",""x"")";');
		expect(lines[2]).toContain(";'+33 6 12 34 56 78;Personnel uniquement;");
		expect(lines[2]).toContain(';47,309700;5,056100;');
		expect(
			lines[1]!.startsWith(
				'"Collège Les Lentillères; Dijon";Collège, Point de visioconférence;Dijon;21231;21;'
			)
		).toBe(true);
	});

	it('keeps a structure without contacts as one line', () => {
		const file = exportFile([{ ...structure, contacts: [] }], 'csv', 'https://cartonum.test');
		expect(file.rows).toBe(1);
	});
});

describe('vCard', () => {
	it('writes a 4.0 card per contact with escaped text and tel: URIs', () => {
		const file = exportFile([structure], 'vcf', 'https://cartonum.test');
		expect(file.rows).toBe(2);
		const cards = file.body.split('END:VCARD\r\n').filter(Boolean);
		expect(cards).toHaveLength(2);
		const person = cards[1]!.replace(/\r\n /g, '');
		expect(person).toContain('BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\n');
		expect(person).toContain('FN:=HYPERLINK("http://evil"\\,"x")\r\n');
		expect(person).toContain('ORG:Collège Les Lentillères\\; Dijon\r\n');
		expect(person).toContain('TITLE:Référente numérique\\, RUPN\r\n');
		expect(person).toContain('TEL;VALUE=uri;TYPE=work,voice:tel:+33612345678\r\n');
		expect(person).toContain('ADR;TYPE=work:;;9 rue Le Nôtre;Dijon;;21000;France\r\n');
		expect(person).toContain('UID:urn:uuid:0a4b1f7e-9a6b-4c5e-8d2f-3e4f5a6b7c8d\r\n');
		const establishment = cards[0]!.replace(/\r\n /g, '');
		expect(establishment).toContain('KIND:org\r\nFN:Collège Les Lentillères\\; Dijon\r\n');
		expect(establishment).toContain('tel:+33380000000');
	});

	it('escapes backslashes and newlines, and keeps unknown phone formats as text', () => {
		const card = vCard({
			uid: 'urn:uuid:1',
			kind: 'individual',
			fullName: 'A\\B\nC',
			organisation: 'O',
			phone: 'poste 12'
		});
		expect(card).toContain('FN:A\\\\B\\nC\r\n');
		expect(card).toContain('TEL;VALUE=text;TYPE=work,voice:poste 12\r\n');
		expect(card.endsWith('END:VCARD\r\n')).toBe(true);
	});

	it('folds lines at 75 octets without splitting a UTF-8 character', () => {
		const line = 'NOTE:' + 'é'.repeat(100);
		const folded = fold(line).split('\r\n');
		for (const part of folded) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
		expect(folded.slice(1).every((p) => p.startsWith(' '))).toBe(true);
		expect(folded.map((p, i) => (i ? p.slice(1) : p)).join('')).toBe(line);
	});
});

describe('GeoJSON', () => {
	it('joins pages written apart into one valid collection', () => {
		const layout = exportLayout('geojson', 'https://cartonum.test');
		const second = { ...structure, id: '11111111-1111-4111-8111-111111111111' };
		const text =
			layout.head +
			layout.page([structure], true).text +
			layout.page([second, structure], false).text +
			layout.tail;
		const collection = JSON.parse(text) as { features: { id: string }[] };
		expect(collection.features.map((f) => f.id)).toEqual([structure.id, second.id, structure.id]);
	});

	it('carries the public fields of structures, never their contacts', () => {
		const file = exportFile([structure], 'geojson', 'https://cartonum.test');
		expect(file.body).not.toContain('personne.secrete');
		expect(file.body).not.toContain('HYPERLINK');
		const collection = JSON.parse(file.body);
		expect(collection.features).toHaveLength(1);
		expect(collection.features[0].geometry).toEqual(structure.geometry);
		expect(Object.keys(collection.features[0].properties).sort()).toEqual(
			[
				'address',
				'categories',
				'commune',
				'commune_code',
				'email',
				'id',
				'location_precision',
				'name',
				'phone',
				'postcode',
				'slug',
				'url',
				'website'
			].sort()
		);
		expect(collection.features[0].properties.url).toBe(
			'https://cartonum.test/structures/college-les-lentillieres'
		);
	});
});
