import { describe, expect, it } from 'vitest';
import { locationSchema, parseStep, validate } from '../../src/lib/domain/revisions';
import { form } from './revisions-samples';

/** The schema of each of the five steps (lib/domain/revisions/schemas.ts), read from forms. */
describe('step 1: identity', () => {
	it('gives a French message per field', () => {
		const parsed = parseStep(
			'identity',
			form({
				name: 'A',
				category: '',
				website: 'data:text/html,x',
				email: 'pas-une-adresse',
				phone: '123',
				description: 'x'.repeat(3001)
			})
		);
		expect(parsed).toEqual({
			ok: false,
			errors: {
				name: 'Indiquez le nom de la structure (au moins 2 caractères).',
				categories: 'Choisissez la catégorie principale de la structure.',
				description:
					'La description ne peut dépasser 3\u202f000 caractères (elle en compte 3\u202f001).',
				website: expect.stringContaining('http:// ou https://'),
				email: 'L’adresse électronique n’est pas valide. Exemple : contact@exemple.fr',
				phone: expect.stringContaining('Ce numéro de téléphone n’est pas valide')
			}
		});
	});

	it('puts the primary category first, drops repeats and limits the others', () => {
		const parsed = parseStep(
			'identity',
			form({
				name: 'Tiers-lieu',
				category: 'association',
				otherCategories: ['fablab-tiers-lieu', 'association', 'entreprise']
			})
		);
		expect(parsed).toMatchObject({
			ok: true,
			value: { categories: ['association', 'fablab-tiers-lieu', 'entreprise'] }
		});
		const tooMany = parseStep(
			'identity',
			form({
				name: 'Tiers-lieu',
				category: 'ecole',
				otherCategories: ['college', 'lycee', 'inspe', 'canope']
			})
		);
		expect(tooMany).toEqual({
			ok: false,
			errors: { categories: 'Choisissez au plus 3 autres catégories.' }
		});
		expect(parseStep('identity', form({ name: 'X y', category: 'pirate' }))).toEqual({
			ok: false,
			errors: { categories: 'Choisissez une catégorie dans la liste.' }
		});
	});

	it('stores hostile text as it is (rendered escaped), only cleaned of control characters', () => {
		const xss = '<script>alert(1)</script>';
		const parsed = parseStep(
			'identity',
			form({ name: xss, category: 'association', description: '=HYPERLINK("http://evil","x")' })
		);
		expect(parsed).toMatchObject({
			ok: true,
			value: { name: xss, description: '=HYPERLINK("http://evil","x")' }
		});
	});
});

describe('step 2: identifiers', () => {
	it('checks UAI letters and SIRET keys, and normalizes what people type', () => {
		expect(
			parseStep('identifiers', form({ uai: ' 0211234c ', siret: '832 000 000 00014' }))
		).toEqual({
			ok: true,
			value: { uai: '0211234C', siret: '83200000000014' }
		});
		const parsed = parseStep('identifiers', form({ uai: '0211234A', siret: '83200000000015' }));
		expect(parsed).toEqual({
			ok: false,
			errors: {
				uai: expect.stringContaining('sa lettre ne correspond pas'),
				siret: expect.stringContaining('sa clé de contrôle ne correspond pas')
			}
		});
		expect(parseStep('identifiers', form({ uai: '9'.repeat(50) }))).toEqual({
			ok: false,
			errors: { uai: 'Cet identifiant est trop long.' }
		});
	});
});

describe('step 3: address and position', () => {
	const address = { street: '1 rue X', postcode: '21000', commune: 'Dijon' };

	it('refuses coordinates that are not plain finite numbers in range', () => {
		for (const [lon, lat] of [
			['NaN', '47'],
			['Infinity', '47'],
			['-Infinity', '47'],
			['1e3', '47'],
			['0x10', '47'],
			['200', '47'],
			['5', '91'],
			['5', ''],
			['', '47']
		]) {
			const parsed = parseStep('location', form({ ...address, lon: lon!, lat: lat! }));
			expect(parsed.ok, `${lon},${lat}`).toBe(false);
			expect(Object.values((parsed as { errors: Record<string, string> }).errors)[0]).toContain(
				'La position du repère n’est pas valide'
			);
		}
		expect(parseStep('location', form({ ...address, lon: '5.041', lat: '47.32' }))).toEqual({
			ok: true,
			value: { street: '1 rue X', postcode: '21000', commune: 'Dijon', lon: 5.041, lat: 47.32 }
		});
	});

	it('needs an address or a point, and a postcode of 5 digits', () => {
		expect(parseStep('location', form({ street: '', commune: '', lon: '', lat: '' }))).toEqual({
			ok: false,
			errors: { street: 'Saisissez l’adresse de la structure, ou au moins sa commune.' }
		});
		expect(parseStep('location', form({ commune: 'Dijon', postcode: '210' }))).toEqual({
			ok: false,
			errors: { postcode: 'Le code postal comporte 5 chiffres, par exemple 21000.' }
		});
		expect(validate(locationSchema, { lon: Number.NaN, lat: 47 }).ok).toBe(false);
	});
});

describe('step 4: programmes', () => {
	it('needs a role for each programme ticked', () => {
		expect(
			parseStep('programmes', form({ programme: ['3', '6'], 'role-3': 'porteur', 'role-6': '' }))
		).toEqual({
			ok: false,
			errors: { 'role-6': 'Choisissez le rôle de la structure dans ce programme.' }
		});
		expect(
			parseStep('programmes', form({ programme: ['3'], 'role-3': 'feuille-de-route' })).ok
		).toBe(false);
		expect(parseStep('programmes', form({}))).toEqual({ ok: true, value: [] });
		// The page's lists: a role chosen means the programme is chosen, « Non concerné » is not.
		expect(
			parseStep('programmes', form({ 'role-6': 'partenaire', 'role-2': '', 'role-12': 'porteur' }))
		).toEqual({
			ok: true,
			value: [
				{ number: 6, role: 'partenaire' },
				{ number: 12, role: 'porteur' }
			]
		});
	});
});

describe('step 5: contacts', () => {
	it('keys errors by the row of the form, skips blank and removed rows, asks for consent', () => {
		const parsed = parseStep(
			'contacts',
			form({
				'contact-0-name': 'Alex Martin',
				'contact-0-email': 'alex@exemple.fr',
				'contact-0-visibility': 'public',
				'contact-1-name': '',
				'contact-2-name': 'Sam',
				'contact-3-name': 'À retirer',
				'contact-3-remove': 'on'
			})
		);
		expect(parsed).toEqual({
			ok: false,
			errors: {
				'contacts.2.email': 'Indiquez une adresse électronique ou un téléphone pour ce contact.',
				consent: expect.stringContaining('Cochez cette case')
			}
		});
		const ok = parseStep(
			'contacts',
			form({
				'contact-0-name': 'Alex Martin',
				'contact-0-phone': '03 80 12 34 56',
				'contact-0-id': 'pas-un-uuid',
				consent: 'on'
			})
		);
		expect(ok).toEqual({
			ok: true,
			value: {
				list: [
					{
						id: null,
						name: 'Alex Martin',
						role: '',
						email: null,
						phone: '03 80 12 34 56',
						visibility: 'staff'
					}
				],
				consent: true
			}
		});
		expect(parseStep('contacts', form({}))).toEqual({
			ok: true,
			value: { list: [], consent: false }
		});
	});
});
