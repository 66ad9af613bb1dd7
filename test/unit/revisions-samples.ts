import type { StructurePayload } from '../../src/lib/domain/revisions';

/** Shared by the unit tests of lib/domain/revisions: a form as a browser sends it, a complete payload. */
export function form(fields: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields))
		for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	return data;
}

export const complete: StructurePayload = {
	identity: {
		name: 'Fablab des Tilleuls',
		categories: ['fablab-tiers-lieu', 'association'],
		description: 'Atelier.\n\nOuvert le mercredi.',
		website: 'https://fablab.example.fr/',
		email: 'contact@fablab.example.fr',
		phone: '03 80 12 34 56'
	},
	identifiers: { uai: null, siret: '83200000000014' },
	location: {
		street: '12 rue des Tilleuls',
		postcode: '21850',
		lon: 4.5,
		lat: 47.25,
		communeCode: '21003',
		communeName: 'Saint-Apollinaire'
	},
	programmes: [{ number: 6, role: 'partenaire' }],
	contacts: {
		list: [
			{
				id: null,
				name: 'Alex Martin',
				role: 'Animateur',
				email: 'alex@fablab.example.fr',
				phone: null,
				visibility: 'public'
			}
		],
		consent: true
	}
};
