import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as revisions from '../../src/lib/server/revisions';
import * as structures from '../../src/lib/server/structures';
import {
	auditActions,
	context,
	draft,
	emailsTo,
	payload,
	statusOf,
	submitted,
	VALID_SIRET,
	VALID_UAI,
	useRegistrationWorld
} from './revisions-fixtures';
import { insertStructure } from './structures-fixtures';

/**
 * The registration flow through the server module, for a new structure: finding a revision
 * for a page, then from draft to review, information requests, refusal or publication, with
 * the emails and the audit trail at each step.
 */
const world = useRegistrationWorld();
const status = (id: string) => statusOf(world.sql, id);

describe('finding a revision for a page', () => {
	it('answers null only when it is not found: a database failure goes up, never as a 404', async () => {
		const id = await draft(world.partner);
		await revisions.submit(world.partner, id, context);
		// A real failure of the database: the table the look-up reads is gone for a moment.
		await world.sql`alter table revisions rename to revisions_away`;
		try {
			await expect(revisions.forAuthor(id, world.partner)).rejects.toMatchObject({
				message: expect.stringMatching(/revisions/)
			});
			await expect(revisions.forStaff(id, world.moderator)).rejects.not.toHaveProperty(
				'status',
				404
			);
		} finally {
			await world.sql`alter table revisions_away rename to revisions`;
		}
		expect((await revisions.forAuthor(id, world.partner))?.id).toBe(id);
		expect((await revisions.forStaff(id, world.moderator))?.id).toBe(id);
	});
});

describe('a new structure, from draft to the map', () => {
	it('keeps a draft to its author, then sends it and tells the applicant', async () => {
		const id = await draft(world.partner);
		expect((await revisions.forAuthor(id, world.partner))?.id).toBe(id);
		expect(await revisions.forAuthor(id, world.other)).toBeNull();
		// Staff see revisions once sent, not drafts.
		expect(await revisions.forStaff(id, world.moderator)).toBeNull();
		await expect(revisions.forStaff(id, world.other)).rejects.toMatchObject({ status: 403 });

		await revisions.submit(world.partner, id, context);
		expect(await status(id)).toBe('received');
		expect((await revisions.forStaff(id, world.moderator))?.status).toBe('received');
		expect(await revisions.forAuthor(id, world.other)).toBeNull();
		// The author's page is the author's alone, staff included.
		expect(await revisions.forAuthor(id, world.moderator)).toBeNull();
		expect(await revisions.forAuthor('not-a-uuid', world.partner)).toBeNull();
		expect(await revisions.forAuthor(randomUUID(), world.partner)).toBeNull();

		const mails = await emailsTo(world.sql, world.partner.email);
		expect(mails.at(-1)!.subject).toBe('Demande reçue : « Fablab des Tilleuls »');
		expect(mails.at(-1)!.body).toContain(`http://cartonum.test/espace/demandes/${id}`);
		expect(await auditActions(world.sql, 'revision', id)).toEqual(['revision.submitted']);

		// Sending it again (a double click) changes nothing.
		await revisions.submit(world.partner, id, context);
		expect(await auditActions(world.sql, 'revision', id)).toEqual(['revision.submitted']);
		expect((await emailsTo(world.sql, world.partner.email)).length).toBe(mails.length);
	});

	it('goes through review, a request for information and an answer, then publication', async () => {
		const id = await submitted(
			world.partner,
			payload({ identifiers: { uai: null, siret: VALID_SIRET } })
		);
		await revisions.startReview(world.moderator, id, context);
		expect(await status(id)).toBe('in_review');

		await revisions.requestInfo(
			world.moderator,
			id,
			'Quel est le nom exact de l’association ?',
			context
		);
		expect(await status(id)).toBe('info_requested');
		const question = (await emailsTo(world.sql, world.partner.email)).at(-1)!;
		expect(question.subject).toBe('Informations demandées : « Fablab des Tilleuls »');
		expect(question.body).toContain('> Quel est le nom exact de l’association ?');

		// While information is requested, the applicant may correct the request, then answer.
		await revisions.saveStep(world.partner, id, 'identity', {
			...payload().identity,
			name: 'Fablab associatif des Tilleuls'
		});
		await revisions.comment(world.moderator, id, 'Vu au téléphone avec la mairie.');
		await revisions.reply(
			world.partner,
			id,
			'Le nom est « Fablab associatif des Tilleuls ».',
			context
		);
		expect(await status(id)).toBe('in_review');

		const seenByApplicant = await revisions.messages(id, { staff: false });
		expect(seenByApplicant.map((m) => m.body)).toEqual([
			'Quel est le nom exact de l’association ?',
			'Le nom est « Fablab associatif des Tilleuls ».'
		]);
		expect((await revisions.messages(id, { staff: true })).length).toBe(3);

		const applied = await revisions.approve(world.moderator, id, context, { note: 'Bienvenue !' });
		expect(await status(id)).toBe('published');
		const detail = await structures.get(applied.slug);
		expect(detail).toMatchObject({
			name: 'Fablab associatif des Tilleuls',
			categories: ['fablab-tiers-lieu', 'association'],
			website: 'https://fablab-tilleuls.example.fr/',
			commune: { code: '21003', name: 'Saint-Apollinaire' },
			identifiers: { siret: VALID_SIRET },
			location_precision: 'exact',
			source: 'registration'
		});
		expect(detail!.geometry.coordinates).toEqual([4.5, 47.25]);
		expect(detail!.programmes).toMatchObject([{ number: 2, role: 'partenaire' }]);
		// The contact asked to be seen by staff only: not on the public page.
		expect(detail!.contacts).toEqual([]);
		const [contact] = await world.sql`select name, visibility from contacts
			where structure_id = ${applied.structureId}`;
		expect(contact).toEqual({ name: 'Alex Martin', visibility: 'staff' });
		const [link] = await world.sql`select source from structure_programmes
			where structure_id = ${applied.structureId}`;
		expect(link!.source).toBe('partner');
		expect(await revisions.isMember(world.partner.id, applied.structureId)).toBe(true);

		expect(await auditActions(world.sql, 'revision', id)).toEqual([
			'revision.submitted',
			'revision.review_started',
			'revision.info_requested',
			'revision.commented',
			'revision.replied',
			'revision.approved'
		]);
		expect(await auditActions(world.sql, 'structure', applied.structureId)).toEqual([
			'structure.created',
			'structure.member_added'
		]);
		const outbox = await world.sql`select operation from search_outbox
			where structure_id = ${applied.structureId}`;
		expect(outbox.some((r) => r.operation === 'upsert')).toBe(true);

		const published = (await emailsTo(world.sql, world.partner.email)).at(-1)!;
		expect(published.subject).toBe('Demande acceptée : « Fablab associatif des Tilleuls »');
		expect(published.body).toContain(`http://cartonum.test/structures/${applied.slug}`);
		expect(published.body).toContain('> Bienvenue !');
		const subjects = (await emailsTo(world.sql, world.partner.email)).map((m) => m.subject);
		expect(subjects).toContain('Demande en cours d’examen : « Fablab des Tilleuls »');

		// A decided request cannot be decided again.
		await expect(revisions.refuse(world.moderator, id, 'Trop tard', context)).rejects.toMatchObject(
			{
				status: 409
			}
		);
	});

	it('refuses with a reason sent to the applicant', async () => {
		const id = await submitted(
			world.partner,
			payload({ identity: { ...payload().identity, name: 'Doublon' } })
		);
		await revisions.refuse(world.moderator, id, 'Cette structure est déjà sur la carte.', context);
		const [row] =
			await world.sql`select status, reason, reviewer_id, decided_at from revisions where id = ${id}`;
		expect(row).toMatchObject({
			status: 'refused',
			reason: 'Cette structure est déjà sur la carte.',
			reviewer_id: world.moderator.id
		});
		expect(row!.decided_at).toBeInstanceOf(Date);
		const mail = (await emailsTo(world.sql, world.partner.email)).at(-1)!;
		expect(mail.subject).toBe('Demande non retenue : « Doublon »');
		expect(mail.body).toContain('> Cette structure est déjà sur la carte.');
		await expect(revisions.approve(world.moderator, id, context)).rejects.toMatchObject({
			status: 409
		});
	});

	it('does not send an incomplete draft, and says which step is missing', async () => {
		const { id } = await revisions.startCreation(world.partner, randomUUID(), payload().identity);
		await expect(revisions.submit(world.partner, id, context)).rejects.toMatchObject({
			status: 400,
			errors: expect.objectContaining({
				identifiers: expect.any(String),
				location: expect.any(String)
			})
		});
		expect(await status(id)).toBe('draft');
	});

	it('asks schools for their UAI and companies for their SIRET before sending', async () => {
		const school = payload({
			identity: { ...payload().identity, name: 'École du Parc', categories: ['ecole'] }
		});
		const id = await draft(world.partner, school);
		await expect(revisions.submit(world.partner, id, context)).rejects.toMatchObject({
			errors: { 'identifiers.uai': expect.stringContaining('code UAI') }
		});
		await revisions.saveStep(world.partner, id, 'identifiers', { uai: VALID_UAI, siret: null });
		await revisions.submit(world.partner, id, context);
		expect(await status(id)).toBe('received');
	});

	it('rolls everything back when an identifier belongs to another structure', async () => {
		await insertStructure(world.sql, {
			name: 'Collège existant',
			categories: ['college'],
			lon: 4.6,
			lat: 47.3,
			commune: '21003',
			identifiers: { uai: '0211235D' }
		});
		const id = await submitted(
			world.partner,
			payload({
				identity: { ...payload().identity, name: 'Collège en double', categories: ['college'] },
				identifiers: { uai: '0211235D', siret: null }
			})
		);
		const before = await world.sql`select count(*)::int as n from structures`;
		await expect(revisions.approve(world.moderator, id, context)).rejects.toMatchObject({
			status: 409,
			message: expect.stringContaining('« Collège existant »')
		});
		expect(await world.sql`select count(*)::int as n from structures`).toEqual(before);
		expect(await status(id)).toBe('received');
		expect(await auditActions(world.sql, 'revision', id)).toEqual(['revision.submitted']);
	});

	it('lets no moderator decide on their own request', async () => {
		const id = await submitted(world.moderator);
		await expect(revisions.approve(world.moderator, id, context)).rejects.toMatchObject({
			status: 403
		});
		await expect(revisions.approve(world.partner, id, context)).rejects.toMatchObject({
			status: 403
		});
	});

	it('withdraws a sent request, and deletes a draft', async () => {
		const sent = await submitted(world.partner);
		expect(await revisions.withdraw(world.partner, sent)).toBe('withdrawn');
		expect(await status(sent)).toBe('withdrawn');
		const kept = await draft(world.partner);
		await expect(revisions.withdraw(world.other, kept)).rejects.toMatchObject({ status: 404 });
		expect(await revisions.withdraw(world.partner, kept)).toBe('deleted');
		expect(await status(kept)).toBeUndefined();
	});
});
