import { describe, expect, it } from 'vitest';
import {
	claimSchema,
	cleanLine,
	cleanText,
	doneSteps,
	identitySchema,
	isFormKind,
	isPhoneNumber,
	KINDS,
	locationSchema,
	missingSteps,
	normalizeWebsite,
	parseStep,
	payloadSchema,
	readStep,
	stepAfter,
	STEPS,
	toFormValues,
	validate,
	type StructurePayload
} from '../../src/lib/domain/revisions';

function form(fields: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields))
		for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	return data;
}

const complete: StructurePayload = {
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

describe('text cleaning', () => {
	it('removes control and invisible characters (NUL breaks PostgreSQL), keeps the text', () => {
		expect(cleanLine('  École\u0000 des\u200b  Tilleuls\n ')).toBe('École des Tilleuls');
		expect(cleanText('Ligne 1\r\nLigne 2\n\n\n\nLigne 3\u0007 ')).toBe(
			'Ligne 1\nLigne 2\n\nLigne 3'
		);
		expect(cleanLine('\u202eevil')).toBe('evil');
	});
});

describe('websites', () => {
	it('accept http and https only', () => {
		expect(normalizeWebsite('https://www.exemple.fr')).toEqual({
			ok: true,
			value: 'https://www.exemple.fr/'
		});
		expect(normalizeWebsite('http://exemple.fr/page?x=1')).toEqual({
			ok: true,
			value: 'http://exemple.fr/page?x=1'
		});
		expect(normalizeWebsite('www.exemple.fr')).toEqual({
			ok: true,
			value: 'https://www.exemple.fr/'
		});
		expect(normalizeWebsite('   ')).toEqual({ ok: true, value: null });
		for (const hostile of [
			'javascript:alert(1)',
			'JaVaScRiPt:alert(1)',
			'data:text/html;base64,PHNjcmlwdD4=',
			'vbscript:msgbox',
			'file:///etc/passwd',
			'ftp://exemple.fr'
		])
			expect(normalizeWebsite(hostile), hostile).toMatchObject({
				ok: false,
				errors: { website: expect.stringContaining('http:// ou https://') }
			});
		for (const invalid of [
			'https://user:pass@exemple.fr',
			'https://localhost',
			'http://',
			'https://exemple'
		])
			expect(normalizeWebsite(invalid).ok, invalid).toBe(false);
		expect(normalizeWebsite(`https://exemple.fr/${'a'.repeat(600)}`)).toMatchObject({
			ok: false,
			errors: { website: 'L’adresse du site ne peut dépasser 500 caractères.' }
		});
	});
});

describe('phones', () => {
	it('accept French and international numbers as people write them', () => {
		for (const valid of [
			'03 80 12 34 56',
			'0380123456',
			'03.80.12.34.56',
			'+33 3 80 12 34 56',
			'+41 22 123 45 67'
		])
			expect(isPhoneNumber(valid), valid).toBe(true);
		for (const invalid of ['12', '03 80 12 34', '=1+2', 'appelez-nous', '+1 2'])
			expect(isPhoneNumber(invalid), invalid).toBe(false);
	});
});

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

describe('the whole payload', () => {
	it('is stable: checking a stored payload again gives it back unchanged', () => {
		expect(payloadSchema.parse(complete)).toEqual(complete);
		expect(payloadSchema.parse(payloadSchema.parse(complete))).toEqual(complete);
	});

	it('goes to the forms and back unchanged', () => {
		for (const step of STEPS) {
			if (step.key === 'location') continue; // the server places the point
			const values = toFormValues(step.key, complete);
			const parsed = parseStep(step.key, form(values as Record<string, string | string[]>));
			expect(parsed, step.key).toEqual({ ok: true, value: complete[step.key] });
		}
		const location = readStep('location', form(toFormValues('location', complete) as never));
		expect(location).toEqual({
			street: '12 rue des Tilleuls',
			postcode: '21850',
			commune: 'Saint-Apollinaire',
			lon: '4.5',
			lat: '47.25'
		});
	});

	it('asks schools for a UAI and companies for a SIRET', () => {
		const school = {
			...complete,
			identity: { ...complete.identity, categories: ['college'] },
			identifiers: { uai: null, siret: null }
		};
		expect(validate(payloadSchema, school, 2)).toEqual({
			ok: false,
			errors: { 'identifiers.uai': expect.stringContaining('code UAI') }
		});
		const company = { ...school, identity: { ...complete.identity, categories: ['entreprise'] } };
		expect(validate(payloadSchema, company, 2)).toEqual({
			ok: false,
			errors: { 'identifiers.siret': expect.stringContaining('numéro SIRET') }
		});
	});

	it('says which steps a draft lacks', () => {
		expect(missingSteps({ identity: complete.identity }).map((s) => s.slug)).toEqual([
			'identifiants',
			'adresse',
			'programmes',
			'contacts'
		]);
		expect(missingSteps(complete)).toEqual([]);
	});

	it('says which steps a draft has done, and which comes next', () => {
		const partial = { identity: complete.identity, location: complete.location };
		expect(doneSteps(partial)).toEqual(['identite', 'adresse']);
		expect(doneSteps(complete)).toEqual(STEPS.map((s) => s.slug));
		expect(doneSteps({})).toEqual([]);
		// Every step leads to the one after it; the last one to the page that sends the revision.
		for (const [i, step] of STEPS.entries())
			expect(stepAfter(step.slug)?.slug ?? null).toBe(STEPS[i + 1]?.slug ?? null);
		expect(stepAfter('contacts')).toBeNull();
		// Only creations and updates have a form.
		expect(KINDS.filter(isFormKind)).toEqual(['create', 'update']);
	});

	it('asks for a real message with a claim', () => {
		expect(validate(claimSchema, { message: 'moi' })).toEqual({
			ok: false,
			errors: { message: expect.stringContaining('au moins 10 caractères') }
		});
		expect(
			validate(identitySchema, { name: 'x'.repeat(201), categories: ['ecole'] })
		).toMatchObject({
			ok: false,
			errors: { name: 'Le nom ne peut dépasser 200 caractères.' }
		});
	});
});
