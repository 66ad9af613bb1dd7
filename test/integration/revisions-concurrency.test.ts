import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db';
import * as revisions from '../../src/lib/server/revisions';
import {
	context,
	draft,
	makeUser,
	payload,
	registrationDatabase,
	type TestUser
} from './revisions-fixtures';
import { insertStructure } from './structures-fixtures';

/**
 * Many applicants and two moderators at once. On the server PostgreSQL (TEST_DATABASE_URL)
 * the calls really overlap on several connections; on the embedded one they are serialised,
 * and the rules must hold either way: no structure lost or created twice, every step audited.
 */
let sql: Sql;
let moderators: TestUser[];

beforeAll(async () => {
	sql = await registrationDatabase();
	moderators = [await makeUser(sql, 'moderator'), await makeUser(sql, 'moderator')];
});

const COUNT = 50;

const count = async (query: Promise<{ n: number }[]>) => (await query)[0]!.n;

describe('50 requests sent and approved at the same time', () => {
	it('creates each structure once, with every step audited', async () => {
		const partners = await Promise.all(
			Array.from({ length: COUNT }, (_, i) => makeUser(sql, 'partner', `Partenaire ${i}`))
		);
		// Half of them share one name in one commune: their slugs must still be unique.
		const ids = await Promise.all(
			partners.map((partner, i) =>
				draft(
					partner,
					payload({
						identity: {
							...payload().identity,
							name: i % 2 ? `Tiers-lieu numéro ${i}` : 'Tiers-lieu partagé'
						},
						location: { ...payload().location, lon: 4.1 + i * 0.015, lat: 47.25 }
					})
				)
			)
		);

		// Every request is sent twice at once (a double click).
		await Promise.all(
			ids.flatMap((id, i) => [
				revisions.submit(partners[i]!, id, context),
				revisions.submit(partners[i]!, id, context)
			])
		);
		expect(
			await count(sql`select count(*)::int as n from revisions
				where id = any(${ids}::uuid[]) and status = 'received'`)
		).toBe(COUNT);

		// Both moderators approve every request at the same time: one of each pair wins.
		const outcomes = await Promise.allSettled(
			ids.flatMap((id) => moderators.map((m) => revisions.approve(m, id, context)))
		);
		const applied = outcomes.filter((o) => o.status === 'fulfilled');
		const refused = outcomes.filter((o) => o.status === 'rejected');
		expect(applied).toHaveLength(COUNT);
		expect(refused).toHaveLength(COUNT);
		for (const r of refused)
			expect((r as PromiseRejectedResult).reason).toMatchObject({ status: 409 });

		const structures = await sql<{ id: string; slug: string; name: string }[]>`
			select id, slug, name from structures where source = 'registration'`;
		expect(structures).toHaveLength(COUNT);
		expect(new Set(structures.map((s) => s.slug)).size).toBe(COUNT);
		const applied_ids = (applied as PromiseFulfilledResult<revisions.Applied>[]).map(
			(a) => a.value.structureId
		);
		expect(new Set(applied_ids)).toEqual(new Set(structures.map((s) => s.id)));

		const revisionsRows = await sql<{ status: string; structure_id: string }[]>`
			select status, structure_id from revisions where id = any(${ids}::uuid[])`;
		expect(revisionsRows.every((r) => r.status === 'published' && r.structure_id)).toBe(true);
		expect(
			await count(sql`select count(*)::int as n from memberships m
				join structures s on s.id = m.structure_id where s.source = 'registration'`)
		).toBe(COUNT);

		const audit = await sql<{ action: string; n: number }[]>`
			select action, count(*)::int as n from audit_log
			where action in ('revision.submitted', 'revision.approved', 'structure.created',
				'structure.member_added')
			group by action order by action`;
		expect(audit).toEqual([
			{ action: 'revision.approved', n: COUNT },
			{ action: 'revision.submitted', n: COUNT },
			{ action: 'structure.created', n: COUNT },
			{ action: 'structure.member_added', n: COUNT }
		]);
		// Every new structure is waiting for the search index, and searchable in Postgres already.
		expect(
			await count(sql`select count(distinct structure_id)::int as n from search_outbox
				where structure_id = any(${structures.map((s) => s.id)}::uuid[]) and operation = 'upsert'`)
		).toBe(COUNT);
		expect(
			await count(sql`select count(*)::int as n from search_documents
				where structure_id = any(${structures.map((s) => s.id)}::uuid[])`)
		).toBe(COUNT);
	});

	it('applies one of several changes made from the same version, and refuses the others', async () => {
		const structureId = await insertStructure(sql, {
			name: 'Médiathèque partagée',
			categories: ['mediation-numerique'],
			lon: 4.3,
			lat: 47.8,
			commune: '21001'
		});
		const managers = await Promise.all(
			Array.from({ length: 10 }, (_, i) => makeUser(sql, 'partner', `Gestionnaire ${i}`))
		);
		for (const m of managers)
			await sql`insert into memberships (user_id, structure_id) values (${m.id}, ${structureId})`;
		const { version } = (await revisions.snapshot(structureId))!;
		const ids = await Promise.all(
			managers.map(async (manager, i) => {
				const { id } = await revisions.startUpdate(manager, structureId, randomUUID());
				const current = (await revisions.snapshot(structureId))!.payload;
				await revisions.saveStep(manager, id, 'identity', {
					...current.identity,
					name: `Médiathèque renommée ${i}`
				});
				await revisions.submit(manager, id, context);
				return id;
			})
		);
		const outcomes = await Promise.allSettled(
			ids.map((id, i) =>
				revisions.approve(moderators[i % 2]!, id, context, { seenVersion: version })
			)
		);
		expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
		const [after] = await sql`select name, version from structures where id = ${structureId}`;
		expect(after!.version).toBe(version + 1);
		const winner = ids[outcomes.findIndex((o) => o.status === 'fulfilled')]!;
		const proposed = (await revisions.byId(winner))!.payload as { identity: { name: string } };
		expect(after!.name).toBe(proposed.identity.name);
		expect(
			await count(sql`select count(*)::int as n from audit_log
				where action = 'structure.updated' and entity_id = ${structureId}`)
		).toBe(1);
		expect(
			await count(sql`select count(*)::int as n from revisions
				where id = any(${ids}::uuid[]) and status = 'received'`)
		).toBe(9);
	});
});
