import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll } from 'vitest';
import * as sessions from '../../src/lib/server/auth/sessions';
import type { Sql } from '../../src/lib/server/db';
import { startDevServer } from '../helpers/dev-server';
import { getPage, postForm, type FormFields } from '../helpers/http';
import {
	draft,
	makeUser,
	payload,
	registrationDatabase,
	submitted,
	type TestUser
} from './revisions-fixtures';
import { insertStructure } from './structures-fixtures';

/**
 * The partner space, the moderation queue and the admin pages through real HTTP (the app on a
 * Vite dev server in this process, on the calling file's schema), with the people and the
 * revisions the revisions-*-http tests try them with: a partner who owns a draft, a sent
 * revision and a managed structure; another partner; a moderator; an admin.
 */
export interface PartnerSpace {
	sql: Sql;
	base: string;
	owner: TestUser;
	other: TestUser;
	moderator: TestUser;
	admin: TestUser;
	/** The owner's draft, and a revision of theirs sent to moderation. */
	draftId: string;
	sentId: string;
	/** A published structure the owner manages. */
	structureId: string;
	/** A page as `user` (null: an anonymous visitor) sees it. */
	get(path: string, user: TestUser | null): Promise<Response>;
	/** A form sent by `user` from the app's own page. */
	post(
		path: string,
		user: TestUser | null,
		fields?: FormFields,
		headers?: Record<string, string>
	): Promise<Response>;
	/** Gives `user` a session for get and post. */
	signIn(user: TestUser): Promise<void>;
	storedPayload(id: string): Promise<Record<string, unknown>>;
	countRevisions(): Promise<number>;
	slugOf(structureId: string): Promise<string>;
	close(): Promise<void>;
}

/**
 * The partner space for the calling test file: opened before its tests, closed after them.
 * The object is filled once the file's tests start (read it inside tests and hooks only).
 */
export function usePartnerSpace(): PartnerSpace {
	const space = {} as PartnerSpace;
	beforeAll(async () => {
		Object.assign(space, await openPartnerSpace());
	}, 180_000);
	afterAll(async () => {
		await space.close?.();
	});
	return space;
}

export async function openPartnerSpace(): Promise<PartnerSpace> {
	const sql = await registrationDatabase();
	const { server, base }: { server: ViteDevServer; base: string } = await startDevServer();
	const cookies = new Map<string, string>();
	const signIn = async (user: TestUser) => {
		cookies.set(user.id, `session=${(await sessions.create(user.id)).token}`);
	};
	const as = (user: TestUser | null): Record<string, string> =>
		user ? { cookie: cookies.get(user.id)! } : {};

	const owner = await makeUser(sql, 'partner', 'Paula Partenaire');
	const other = await makeUser(sql, 'partner', 'Oscar Autre');
	const moderator = await makeUser(sql, 'moderator', 'Mona Modère');
	const admin = await makeUser(sql, 'admin', 'Ada Admin');
	for (const user of [owner, other, moderator, admin]) await signIn(user);
	const draftId = await draft(owner);
	const sentId = await submitted(
		owner,
		payload({ identity: { ...payload().identity, name: 'Envoyée' } })
	);
	const structureId = await insertStructure(sql, {
		name: 'Tiers-lieu géré',
		categories: ['fablab-tiers-lieu'],
		lon: 4.25,
		lat: 47.75,
		commune: '21001'
	});
	await sql`insert into memberships (user_id, structure_id) values (${owner.id}, ${structureId})`;

	return {
		sql,
		base,
		owner,
		other,
		moderator,
		admin,
		draftId,
		sentId,
		structureId,
		get: (path, user) => getPage(base, path, as(user)),
		post: (path, user, fields = {}, headers = {}) =>
			postForm(base, path, fields, { ...as(user), ...headers }),
		signIn,
		storedPayload: async (id) =>
			(
				await sql<
					{ payload: Record<string, unknown> }[]
				>`select payload from revisions where id = ${id}`
			)[0]!.payload,
		countRevisions: async () =>
			(await sql<{ n: number }[]>`select count(*)::int as n from revisions`)[0]!.n,
		slugOf: async (id) =>
			(await sql<{ slug: string }[]>`select slug from structures where id = ${id}`)[0]!.slug,
		close: () => server.close()
	};
}

/** The identity step's fields, valid unless overridden. */
export const identityFields = (overrides: FormFields = {}): FormFields => ({
	name: 'Atelier numérique du Parc',
	category: 'fablab-tiers-lieu',
	description: 'Un atelier.',
	website: 'https://atelier.example.fr',
	email: '',
	phone: '',
	...overrides
});
