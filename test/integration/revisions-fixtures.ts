import { randomUUID } from 'node:crypto';
import { beforeAll } from 'vitest';
import type { StructurePayload, StepKey } from '../../src/lib/domain/revisions';
import type { Sql } from '../../src/lib/server/db';
import * as revisions from '../../src/lib/server/revisions';
import type { Actor } from '../../src/lib/server/revisions';
import { freshDatabase } from '../helpers/database';
import { seedReference, seedTerritories } from './structures-fixtures';

/**
 * Shared by the registration tests: a fresh schema with the made-up geography of
 * structures-fixtures.ts (region reg:27 = [4,6]×[46,48]; Saint-Apollinaire 21003 =
 * [4,5]×[47,47.5]; Ambérieu 01001 = [6,7]×[46,48] lies in another region), programmes 1–3.
 */
export async function registrationDatabase(): Promise<Sql> {
	const sql = await freshDatabase();
	await seedReference(sql);
	await seedTerritories(sql);
	return sql;
}

export const context = { origin: 'http://cartonum.test' };

export interface TestUser extends Actor {
	email: string;
}

let serial = 0;

/** An account without a usable password (these tests act through the modules). */
export async function makeUser(
	sql: Sql,
	role: Actor['role'] = 'partner',
	name = `Personne ${++serial}`
): Promise<TestUser> {
	const email = `${role}-${serial}-${randomUUID().slice(0, 8)}@exemple.fr`;
	const [row] = await sql<{ id: string }[]>`
		insert into users (email, password_hash, display_name, role, email_verified_at)
		values (${email}, 'not-a-hash', ${name}, ${role}, now()) returning id`;
	return { id: row!.id, role, email };
}

export const VALID_UAI = '0211234C';
export const VALID_SIRET = '83200000000014';

export function payload(overrides: Partial<StructurePayload> = {}): StructurePayload {
	return {
		identity: {
			name: 'Fablab des Tilleuls',
			categories: ['fablab-tiers-lieu', 'association'],
			description: 'Un atelier de fabrication numérique ouvert aux écoles.',
			website: 'https://fablab-tilleuls.example.fr/',
			email: 'contact@fablab-tilleuls.example.fr',
			phone: '03 80 12 34 56'
		},
		identifiers: { uai: null, siret: null },
		location: {
			street: '12 rue des Tilleuls',
			postcode: '21850',
			lon: 4.5,
			lat: 47.25,
			communeCode: '21003',
			communeName: 'Saint-Apollinaire'
		},
		programmes: [{ number: 2, role: 'partenaire' }],
		contacts: {
			list: [
				{
					id: null,
					name: 'Alex Martin',
					role: 'Animateur',
					email: 'alex@fablab-tilleuls.example.fr',
					phone: null,
					visibility: 'staff'
				}
			],
			consent: true
		},
		...overrides
	};
}

const KEYS: StepKey[] = ['identity', 'identifiers', 'location', 'programmes', 'contacts'];

/** A complete draft of `author`, not yet sent. */
export async function draft(author: Actor, body: StructurePayload = payload()): Promise<string> {
	const { id } = await revisions.startCreation(author, randomUUID(), body.identity);
	for (const key of KEYS.slice(1)) await revisions.saveStep(author, id, key, body[key]);
	return id;
}

/** A complete request of `author`, sent to the moderators. */
export async function submitted(
	author: Actor,
	body: StructurePayload = payload()
): Promise<string> {
	const id = await draft(author, body);
	await revisions.submit(author, id, context);
	return id;
}

export async function emailsTo(sql: Sql, to: string) {
	return sql<{ subject: string; body: string }[]>`
		select subject, body from email_outbox where recipient = ${to} order by id`;
}

/** The people most registration tests need: two partners and a moderator. */
export async function people(sql: Sql) {
	return {
		partner: await makeUser(sql, 'partner', 'Paula Partenaire'),
		other: await makeUser(sql, 'partner', 'Oscar Autre'),
		moderator: await makeUser(sql, 'moderator', 'Mona Modère')
	};
}

/** The stored status of a revision, undefined once it is deleted. */
export async function statusOf(sql: Sql, id: string): Promise<string | undefined> {
	return (await sql<{ status: string }[]>`select status from revisions where id = ${id}`)[0]
		?.status;
}

/** The audit actions recorded about one entity, oldest first. */
export async function auditActions(sql: Sql, entity: string, id: string): Promise<string[]> {
	const rows = await sql<{ action: string }[]>`select action from audit_log
		where entity = ${entity} and entity_id = ${id} order by id`;
	return rows.map((r) => r.action);
}

export interface RegistrationWorld {
	sql: Sql;
	partner: TestUser;
	other: TestUser;
	moderator: TestUser;
}

/**
 * A registration database and its people for the calling test file, made before its tests;
 * the object is filled then (read it inside tests and hooks only).
 */
export function useRegistrationWorld(): RegistrationWorld {
	const world = {} as RegistrationWorld;
	beforeAll(async () => {
		const sql = await registrationDatabase();
		Object.assign(world, { sql, ...(await people(sql)) });
	});
	return world;
}
