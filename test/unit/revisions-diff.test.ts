import { describe, expect, it } from 'vitest';
import type { StructurePayload } from '../../src/lib/domain/revisions';
import { changedFields, diff } from '../../src/lib/server/revisions/diff';
import { compose } from '../../src/lib/server/revisions/emails';

const before: StructurePayload = {
	identity: {
		name: 'Médiathèque',
		categories: ['mediation-numerique'],
		description: '',
		website: null,
		email: null,
		phone: null
	},
	identifiers: { uai: null, siret: null },
	location: {
		street: null,
		postcode: '21310',
		lon: 4.75,
		lat: 47.75,
		communeCode: '21002',
		communeName: 'Bèze'
	},
	programmes: [{ number: 3, role: 'porteur' }],
	contacts: {
		list: [
			{
				id: '00000000-0000-4000-8000-000000000001',
				name: 'Alex',
				role: '',
				email: 'alex@exemple.fr',
				phone: null,
				visibility: 'staff'
			}
		],
		consent: true
	}
};

describe('the moderator’s diff', () => {
	it('lists what changes, field by field, in French', () => {
		const after: StructurePayload = {
			...before,
			identity: {
				...before.identity,
				name: 'Médiathèque de Bèze',
				website: 'https://mediatheque.example.fr/'
			},
			location: { ...before.location, lon: 4.76 },
			programmes: [
				{ number: 3, role: 'partenaire' },
				{ number: 6, role: 'contributeur' }
			],
			contacts: { list: [{ ...before.contacts.list[0]!, visibility: 'public' }], consent: true }
		};
		const rows = diff(before, after, new Map([[6, 'Cartographie fine']]));
		expect(changedFields(rows)).toEqual([
			'Nom',
			'Site web',
			'Position',
			'Programme 3',
			'Programme 6 : Cartographie fine',
			'Contact : Alex'
		]);
		expect(rows.find((r) => r.field === 'programme-3')).toMatchObject({
			before: 'Porteur',
			after: 'Partenaire'
		});
		expect(rows.find((r) => r.field === 'contact-0')!.after).toContain('visibilité : public');
		expect(rows.find((r) => r.field === 'commune')).toMatchObject({
			changed: false,
			after: 'Bèze (21002)'
		});
	});

	it('shows a contact removed, and a new structure against nothing', () => {
		const rows = diff(before, { ...before, contacts: { list: [], consent: false } });
		expect(changedFields(rows)).toEqual(['Contact : Alex']);
		expect(rows.find((r) => r.changed)).toMatchObject({ after: null });
		const created = diff(null, before);
		expect(created.filter((r) => r.changed).map((r) => r.field)).toEqual([
			'name',
			'categories',
			'postcode',
			'commune',
			'position',
			'programme-3',
			'contact-0'
		]);
	});
});

describe('emails to the applicant', () => {
	const revision = { id: 'r1', kind: 'create' as const, payload: before, structureName: null };
	const context = { origin: 'https://cartonum.example' };

	it('name the request, link to it, and quote the moderator', () => {
		const asked = compose(
			revision,
			{ step: 'info_requested', message: 'Votre site ?\nMerci.' },
			context
		);
		expect(asked.subject).toBe('Informations demandées : « Médiathèque »');
		expect(asked.text).toContain('> Votre site ?\n> Merci.');
		expect(asked.text).toContain('https://cartonum.example/espace/demandes/r1');
		const published = compose(
			revision,
			{ step: 'published', structureSlug: 'mediatheque-beze', note: null },
			context
		);
		expect(published.text).toContain('https://cartonum.example/structures/mediatheque-beze');
		const refused = compose(revision, { step: 'refused', reason: 'Doublon.' }, context);
		expect(refused.subject).toBe('Demande non retenue : « Médiathèque »');
		expect(refused.text).toContain('> Doublon.');
	});
});
