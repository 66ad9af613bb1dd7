import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REVISION_LIMIT } from '../../src/lib/server/revisions';
import { draft, makeUser, VALID_SIRET } from './revisions-fixtures';
import { identityFields, usePartnerSpace } from './revisions-http-fixtures';

/**
 * Hostile and careless input to the partner space's forms, through real HTTP: scripts,
 * dangerous addresses, long texts, bad coordinates and identifiers, double sends, floods
 * (fixtures: revisions-http-fixtures.ts).
 */
const space = usePartnerSpace();

describe('hostile input', () => {
	it('stores an XSS payload as text and shows it escaped', async () => {
		const xss = '<script>alert("x")</script><img src=x onerror=alert(1)>';
		const response = await space.post(
			'/espace/inscrire',
			space.owner,
			identityFields({
				name: xss,
				description: `${xss}\n=HYPERLINK("http://evil.example","x")`,
				key: randomUUID()
			})
		);
		expect(response.status).toBe(303);
		const id = response.headers.get('location')!.split('/')[3]!;
		const stored = (await space.storedPayload(id)).identity as {
			name: string;
			description: string;
		};
		expect(stored.name).toBe(xss);
		expect(stored.description).toBe(`${xss}\n=HYPERLINK("http://evil.example","x")`);
		for (const path of [`/espace/demandes/${id}`, `/espace/demandes/${id}/identite`]) {
			const html = await (await space.get(path, space.owner)).text();
			expect(html, path).not.toContain('<script>alert');
			expect(html, path).not.toContain('<img src=x');
			expect(html, path).toContain('&lt;script>alert');
		}
	});

	it('refuses javascript: and data: addresses, with the message by the field and nothing saved', async () => {
		for (const website of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>']) {
			const before = await space.countRevisions();
			const response = await space.post(
				'/espace/inscrire',
				space.owner,
				identityFields({ website, key: randomUUID() })
			);
			expect(response.status).toBe(400);
			const html = await response.text();
			expect(html).toContain('Seules les adresses de site commençant par http:// ou https://');
			// The form comes back filled in.
			expect(html).toContain('value="Atelier numérique du Parc"');
			expect(await space.countRevisions()).toBe(before);
		}
		const before = await space.storedPayload(space.draftId);
		const step = await space.post(
			`/espace/demandes/${space.draftId}/identite?/save`,
			space.owner,
			identityFields({ website: 'javascript:alert(1)' })
		);
		expect(step.status).toBe(400);
		expect(await space.storedPayload(space.draftId)).toEqual(before);
	});

	it('refuses very long texts', async () => {
		const before = await space.countRevisions();
		const long = await space.post(
			'/espace/inscrire',
			space.owner,
			identityFields({ name: 'A'.repeat(10_000), key: randomUUID() })
		);
		expect(long.status).toBe(400);
		const html = await long.text();
		expect(html).toContain('Le nom ne peut dépasser 200 caractères.');
		expect(html).not.toContain('A'.repeat(4001));
		const description = await space.post(
			'/espace/inscrire',
			space.owner,
			identityFields({ description: 'é'.repeat(3001), key: randomUUID() })
		);
		expect(await description.text()).toContain('La description ne peut dépasser 3');
		const huge = await space.post(
			'/espace/inscrire',
			space.owner,
			identityFields({ description: 'x'.repeat(200_000), key: randomUUID() })
		);
		expect(huge.status).toBe(413);
		expect(await space.countRevisions()).toBe(before);
	});

	it('refuses NaN, infinite and out-of-region coordinates', async () => {
		const before = await space.storedPayload(space.draftId);
		for (const [lon, lat] of [
			['NaN', '47.2'],
			['Infinity', '47.2'],
			['4.5', ''],
			['1e3', '47'],
			['6.5', '47']
		]) {
			const response = await space.post(
				`/espace/demandes/${space.draftId}/adresse?/save`,
				space.owner,
				{
					street: '1 rue du Test',
					postcode: '21850',
					commune: 'Saint-Apollinaire',
					lon: lon!,
					lat: lat!,
					pin: 'manual'
				}
			);
			expect(response.status, `${lon},${lat}`).toBe(400);
			const html = await response.text();
			expect(html).toMatch(/La position du repère n’est pas valide|en dehors de la région/);
		}
		expect(await space.storedPayload(space.draftId)).toEqual(before);
	});

	it('places an address sent without a pin (no JavaScript) on the server', async () => {
		const response = await space.post(
			`/espace/demandes/${space.draftId}/adresse?/save`,
			space.owner,
			{
				street: '5 place de la Mairie',
				postcode: '',
				commune: 'Bèze',
				lon: '',
				lat: '',
				pin: ''
			}
		);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(`/espace/demandes/${space.draftId}/programmes`);
		expect((await space.storedPayload(space.draftId)).location).toMatchObject({
			street: '5 place de la Mairie',
			communeCode: '21002',
			communeName: 'Bèze'
		});
	});

	it('answers an address it cannot look up (the gazetteer unreadable) with an error page, not « introuvable »', async () => {
		const before = await space.storedPayload(space.draftId);
		const fields = {
			street: '5 place de la Mairie',
			postcode: '',
			commune: 'Bèze',
			lon: '',
			lat: '',
			pin: ''
		};
		// A real failure: the table the offline geocoder reads is gone for a moment.
		await space.sql`alter table geocoding_communes rename to geocoding_communes_away`;
		try {
			const response = await space.post(
				`/espace/demandes/${space.draftId}/adresse?/save`,
				space.owner,
				fields
			);
			expect(response.status).toBe(500);
			expect(await response.text()).not.toContain('Adresse introuvable');
		} finally {
			await space.sql`alter table geocoding_communes_away rename to geocoding_communes`;
		}
		expect(await space.storedPayload(space.draftId)).toEqual(before);
	});

	it('refuses invalid UAI and SIRET', async () => {
		const before = await space.storedPayload(space.draftId);
		const response = await space.post(
			`/espace/demandes/${space.draftId}/identifiants?/save`,
			space.owner,
			{
				uai: '0211234A',
				siret: '12345678901234'
			}
		);
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('sa lettre ne correspond pas à ses chiffres');
		expect(html).toContain('sa clé de contrôle ne correspond pas');
		expect(await space.storedPayload(space.draftId)).toEqual(before);
		const valid = await space.post(
			`/espace/demandes/${space.draftId}/identifiants?/save`,
			space.owner,
			{
				uai: '',
				siret: VALID_SIRET.replace(/(\d{3})/g, '$1 ')
			}
		);
		expect(valid.status).toBe(303);
		expect((await space.storedPayload(space.draftId)).identifiers).toEqual({
			uai: null,
			siret: VALID_SIRET
		});
	});

	it('creates one request when the same form is sent twice in parallel', async () => {
		const key = randomUUID();
		const before = await space.countRevisions();
		const [a, b] = await Promise.all([
			space.post('/espace/inscrire', space.owner, identityFields({ key })),
			space.post('/espace/inscrire', space.owner, identityFields({ key }))
		]);
		expect([a.status, b.status]).toEqual([303, 303]);
		expect(a.headers.get('location')).toBe(b.headers.get('location'));
		expect(await space.countRevisions()).toBe(before + 1);
	});

	it('sends a draft once when « Envoyer » is clicked twice', async () => {
		const id = await draft(space.owner);
		const [a, b] = await Promise.all([
			space.post(`/espace/demandes/${id}/envoi`, space.owner),
			space.post(`/espace/demandes/${id}/envoi`, space.owner)
		]);
		expect([a.status, b.status]).toEqual([303, 303]);
		const audit = await space.sql`select 1 from audit_log
			where action = 'revision.submitted' and entity_id = ${id}`;
		expect(audit).toHaveLength(1);
	});

	it('limits how many requests one person starts', async () => {
		const spammer = await makeUser(space.sql, 'partner');
		await space.signIn(spammer);
		for (let i = 0; i < REVISION_LIMIT.max; i++)
			expect(
				(await space.post('/espace/inscrire', spammer, identityFields({ key: randomUUID() })))
					.status
			).toBe(303);
		const refused = await space.post(
			'/espace/inscrire',
			spammer,
			identityFields({ key: randomUUID() })
		);
		expect(refused.status).toBe(429);
		expect(await refused.text()).toContain('Réessayez dans');
	});
});
