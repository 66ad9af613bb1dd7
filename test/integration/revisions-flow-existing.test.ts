import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DraftPayload } from '../../src/lib/domain/revisions';
import * as revisions from '../../src/lib/server/revisions';
import * as structures from '../../src/lib/server/structures';
import { context, payload, statusOf, useRegistrationWorld } from './revisions-fixtures';
import { insertStructure } from './structures-fixtures';

/**
 * The registration flow for a structure already on the map — a claim, a manager's change with
 * its diff and version check, a closure — and the positions a location step stores.
 */
const world = useRegistrationWorld();
const status = (id: string) => statusOf(world.sql, id);

describe('a structure already on the map', () => {
	let structureId: string;

	beforeAll(async () => {
		structureId = await insertStructure(world.sql, {
			name: 'Médiathèque de Bèze',
			categories: ['mediation-numerique'],
			lon: 4.75,
			lat: 47.75,
			commune: '21002',
			programmes: [
				[1, 'feuille-de-route'],
				[3, 'porteur']
			]
		});
	});

	it('is claimed by a partner (« c’est ma structure »), once, and a moderator approves', async () => {
		const key = randomUUID();
		const body = { message: 'Je suis la directrice de la médiathèque.' };
		const [first, second] = await Promise.all([
			revisions.claim(world.partner, structureId, key, body, context),
			revisions.claim(world.partner, structureId, randomUUID(), body, context)
		]);
		expect(second.id).toBe(first.id);
		expect(
			(await world.sql`select count(*)::int as n from revisions where kind = 'claim'`)[0]!.n
		).toBe(1);
		await revisions.approve(world.moderator, first.id, context);
		expect(await revisions.isMember(world.partner.id, structureId)).toBe(true);
		await expect(
			revisions.claim(world.partner, structureId, randomUUID(), body, context)
		).rejects.toMatchObject({ status: 409 });
	});

	it('is changed by its manager, with a diff, and a version check', async () => {
		await expect(
			revisions.startUpdate(world.other, structureId, randomUUID())
		).rejects.toMatchObject({
			status: 404
		});
		const { id } = await revisions.startUpdate(world.partner, structureId, randomUUID());
		const started = (await revisions.forAuthor(id, world.partner))!;
		const current = (await revisions.snapshot(structureId))!;
		expect(started.payload).toEqual(current.payload);
		expect(started.baseVersion).toBe(current.version);
		// One change at a time: starting again returns the same draft.
		expect((await revisions.startUpdate(world.partner, structureId, randomUUID())).id).toBe(id);

		await revisions.saveStep(world.partner, id, 'identity', {
			...current.payload.identity,
			name: 'Médiathèque intercommunale de Bèze'
		});
		await revisions.saveStep(world.partner, id, 'programmes', [
			{ number: 2, role: 'site-accueil' }
		]);
		await revisions.saveStep(world.partner, id, 'contacts', payload().contacts);
		await revisions.submit(world.partner, id, context);

		const proposed = (await revisions.byId(id))!.payload as DraftPayload;
		const rows = revisions.diff(current.payload, proposed);
		expect(rows.filter((r) => r.changed).map((r) => [r.label, r.before, r.after])).toEqual([
			['Nom', 'Médiathèque de Bèze', 'Médiathèque intercommunale de Bèze'],
			['Programme 2', null, 'Site d’accueil'],
			['Programme 3', 'Porteur', null],
			[
				'Contact : Alex Martin',
				null,
				'Alex Martin · Animateur · alex@fablab-tilleuls.example.fr · visibilité : réservé à l’équipe'
			]
		]);

		// Someone else changed the published fiche in between: the moderator must look again.
		await world.sql`update structures set version = version + 1 where id = ${structureId}`;
		await expect(
			revisions.approve(world.moderator, id, context, { seenVersion: current.version })
		).rejects.toMatchObject({ status: 409 });
		expect(await status(id)).toBe('received');

		await revisions.approve(world.moderator, id, context, { seenVersion: current.version + 1 });
		const [after] = await world.sql`select name, version, location_precision from structures
			where id = ${structureId}`;
		expect(after).toEqual({
			name: 'Médiathèque intercommunale de Bèze',
			version: current.version + 2,
			location_precision: 'exact'
		});
		const links = await world.sql`select programme_number, role, source from structure_programmes
			where structure_id = ${structureId} order by programme_number`;
		expect(links).toEqual([
			{ programme_number: 1, role: 'feuille-de-route', source: 'import' },
			{ programme_number: 2, role: 'site-accueil', source: 'partner' }
		]);
		const [audit] = await world.sql`select details from audit_log
			where action = 'structure.updated' and entity_id = ${structureId}`;
		expect(audit!.details.fields).toEqual([
			'Nom',
			'Programme 2',
			'Programme 3',
			'Contact : Alex Martin'
		]);
	});

	it('is marked closed by its manager and leaves the map once approved', async () => {
		await expect(
			revisions.close(world.other, structureId, randomUUID(), { reason: 'Fermeture' }, context)
		).rejects.toMatchObject({ status: 404 });
		const { id } = await revisions.close(
			world.partner,
			structureId,
			randomUUID(),
			{ reason: 'La médiathèque ferme définitivement en juin.' },
			context
		);
		expect(await status(id)).toBe('received');
		await revisions.approve(world.moderator, id, context);
		expect(await structures.get(structureId)).toBeNull();
		const [row] = await world.sql`select status from structures where id = ${structureId}`;
		expect(row!.status).toBe('closed');
		const [last] = await world.sql`select operation from search_outbox
			where structure_id = ${structureId} order by id desc limit 1`;
		expect(last!.operation).toBe('delete');

		const history = await revisions.structureHistory(structureId);
		expect(history.map((h) => h.action)).toEqual([
			'revision.approved',
			'structure.closed',
			'revision.submitted',
			'revision.approved',
			'structure.updated',
			'revision.submitted',
			'revision.approved',
			'structure.member_added',
			'revision.submitted',
			'structure.imported'
		]);
		expect(history[1]).toMatchObject({
			label: 'Structure marquée fermée',
			actorName: 'Mona Modère',
			details: 'Raison : La médiathèque ferme définitivement en juin.'
		});
	});
});

describe('positions', () => {
	it('place a pin in the region and derive its commune; refuse one outside', async () => {
		expect(await revisions.place(4.5, 47.25)).toMatchObject({ communeCode: '21003' });
		// Ambérieu is a commune of the table, but of another region.
		expect(await revisions.place(6.5, 47)).toBeNull();
		expect(await revisions.place(Number.NaN, 47)).toBeNull();
		const outside = await revisions.locate({
			street: null,
			postcode: null,
			commune: null,
			lon: 6.5,
			lat: 47
		});
		expect(outside).toEqual({ ok: false, errors: { lon: expect.stringContaining('en dehors') } });
	});

	it('geocode an address sent without a pin (no JavaScript) and keep the commune of the point', async () => {
		const located = await revisions.locate({
			street: '3 place de la Mairie',
			postcode: null,
			commune: 'Saint Apollinaire',
			lon: null,
			lat: null
		});
		expect(located).toMatchObject({
			ok: true,
			value: {
				street: '3 place de la Mairie',
				communeCode: '21003',
				communeName: 'Saint-Apollinaire'
			}
		});
		const lost = await revisions.locate({
			street: null,
			postcode: null,
			commune: 'Zzyzx-les-Bains',
			lon: null,
			lat: null
		});
		expect(lost).toEqual({ ok: false, errors: { street: expect.stringContaining('introuvable') } });
	});
});
