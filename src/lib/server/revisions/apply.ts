import { payloadSchema, type StructurePayload } from '../../domain/revisions';
import type { TransactionSql } from '../db';
import { geoPoint } from '../db/fragments';
import { sql } from '../db';
import { baseSlug } from '../import/slug';
import { requireStaff } from './moderator-actions';
import { changedFields, diff } from './diff';
import * as emails from './emails';
import { notFound, RevisionError, stateChanged } from './errors';
import { OUTSIDE_REGION, place } from './location';
import { snapshot } from './snapshot';
import * as store from './store';
import {
	OPEN_STATUSES,
	type Actor,
	type ClaimRevision,
	type CloseRevision,
	type Context,
	type FormRevision,
	type Revision
} from './types';

export interface Approval {
	/** The version of the structure the moderator compared the revision with (updates). */
	seenVersion?: number | null;
	/** A message for the applicant, sent with the approval. */
	note?: string | null;
}

export interface Applied {
	structureId: string;
	slug: string;
}

/**
 * Approves a revision and applies it in ONE transaction: the structure (inserted, or updated if
 * its version is still the one the moderator compared with), its identifiers, programme links,
 * contacts, the applicant's membership, audit_log, and — through the triggers on structures,
 * identifiers and programmes — the search outbox. Anything refused rolls it all back.
 */
export async function approve(
	actor: Actor,
	id: string,
	context: Context,
	approval: Approval = {}
): Promise<Applied> {
	requireStaff(actor);
	const { revision, applied } = await sql.begin(async (tx) => {
		const revision = await store.lock(tx, id);
		if (!revision || revision.status === 'draft') throw notFound();
		if (revision.authorId === actor.id)
			throw new RevisionError(
				403,
				'Vous ne pouvez pas traiter votre propre demande : un autre modérateur doit l’examiner.'
			);
		if (!OPEN_STATUSES.includes(revision.status)) throw stateChanged();
		const applied = await applyKind(tx, revision, actor, approval);
		await tx`update revisions set structure_id = ${applied.structureId} where id = ${id}`;
		if (approval.note) await store.addMessage(tx, id, actor.id, approval.note);
		await store.setStatus(tx, id, 'published', { reviewerId: actor.id, decided: true });
		await store.audit(
			tx,
			'revision.approved',
			{ ...revision, structureId: applied.structureId },
			actor.id
		);
		return { revision, applied };
	});
	await emails.notify(
		revision,
		{ step: 'published', structureSlug: applied.slug, note: approval.note ?? null },
		context
	);
	return applied;
}

function applyKind(
	tx: TransactionSql,
	revision: Revision,
	actor: Actor,
	approval: Approval
): Promise<Applied> {
	switch (revision.kind) {
		case 'create':
			return create(tx, revision, actor);
		case 'update':
			return update(tx, revision, actor, approval);
		case 'claim':
			return claim(tx, revision, actor);
		case 'close':
			return close(tx, revision, actor, approval);
	}
}

function checkedPayload(revision: FormRevision): StructurePayload {
	const parsed = payloadSchema.safeParse(revision.payload);
	if (!parsed.success)
		throw new RevisionError(
			409,
			'Cette demande est incomplète ou ne respecte plus les règles de saisie : demandez au demandeur de la compléter.'
		);
	return parsed.data;
}

/** The point must still lie in the region, and the commune is the one containing it. */
async function checkedPlace(tx: TransactionSql, payload: StructurePayload) {
	const found = await place(payload.location.lon, payload.location.lat, tx);
	if (!found) throw new RevisionError(409, OUTSIDE_REGION);
	return found;
}

/** Who stated a programme link: the partner who sent the revision, or staff. */
const linkSource = (authorRole: string) => (authorRole === 'partner' ? 'partner' : 'moderator');

/** An approved revision confirms the fiche: by its manager when a partner sent it. */
async function confirm(tx: TransactionSql, structureId: string, authorRole: string) {
	await tx`update structures set confirmed_at = now(),
			confirmed_by = ${authorRole === 'partner' ? 'manager' : 'moderator'}
		where id = ${structureId}`;
}

async function authorRole(tx: TransactionSql, revision: Revision): Promise<string> {
	const [row] = await tx<
		{ role: string }[]
	>`select role from users where id = ${revision.authorId}`;
	return row?.role ?? 'partner';
}

async function create(tx: TransactionSql, revision: FormRevision, actor: Actor): Promise<Applied> {
	const payload = checkedPayload(revision);
	const commune = await checkedPlace(tx, payload);
	const { identity, location } = payload;
	const base = baseSlug(identity.name, commune.communeName);
	let inserted: { id: string; slug: string } | undefined;
	for (let attempt = 1; !inserted; attempt++) {
		const slug = attempt === 1 ? base : `${base}-${attempt}`;
		[inserted] = await tx<{ id: string; slug: string }[]>`
			insert into structures (slug, name, category, categories, description, website, email,
				phone, address_street, postcode, commune_code, geom, location_precision, status, source)
			values (${slug}, ${identity.name}, ${identity.categories[0]!}, ${identity.categories}::text[],
				${identity.description}, ${identity.website}, ${identity.email}, ${identity.phone},
				${location.street}, ${location.postcode}, ${commune.communeCode},
				${geoPoint(location.lon, location.lat)},
				'exact', 'published', 'registration')
			on conflict (slug) do nothing
			returning id, slug`;
	}
	await writeIdentifiers(tx, inserted.id, payload);
	const role = await authorRole(tx, revision);
	await writeProgrammes(tx, inserted.id, payload, linkSource(role));
	await confirm(tx, inserted.id, role);
	await writeContacts(tx, inserted.id, payload);
	await tx`insert into memberships (user_id, structure_id) values (${revision.authorId}, ${inserted.id})
		on conflict do nothing`;
	await auditStructure(tx, 'structure.created', inserted.id, actor, {
		revision: revision.id,
		name: identity.name
	});
	await auditStructure(tx, 'structure.member_added', inserted.id, actor, {
		revision: revision.id,
		user: revision.authorId
	});
	return { structureId: inserted.id, slug: inserted.slug };
}

async function lockStructure(tx: TransactionSql, revision: Revision) {
	if (!revision.structureId)
		throw new RevisionError(409, 'La structure de cette demande n’existe plus.');
	const [row] = await tx<{ version: number; status: string; slug: string }[]>`
		select version, status, slug from structures where id = ${revision.structureId} for update`;
	if (!row) throw new RevisionError(409, 'La structure de cette demande n’existe plus.');
	return { id: revision.structureId, ...row };
}

/** The published fiche changed since the moderator compared: they must look again. */
function checkVersion(current: number, seen: number | null | undefined) {
	if (seen !== null && seen !== undefined && seen !== current)
		throw new RevisionError(
			409,
			'La fiche publiée a changé depuis que vous avez ouvert cette demande : la comparaison a été mise à jour, vérifiez-la avant d’approuver.'
		);
}

async function update(
	tx: TransactionSql,
	revision: FormRevision,
	actor: Actor,
	approval: Approval
): Promise<Applied> {
	const payload = checkedPayload(revision);
	const structure = await lockStructure(tx, revision);
	checkVersion(structure.version, approval.seenVersion ?? revision.baseVersion);
	if (structure.status !== 'published')
		throw new RevisionError(
			409,
			'Cette structure n’est plus publiée : la modification ne peut pas s’appliquer.'
		);
	const before = await snapshot(structure.id, tx);
	const commune = await checkedPlace(tx, payload);
	const { identity, location } = payload;
	const moved =
		!before ||
		Math.abs(before.payload.location.lon - location.lon) > 1e-7 ||
		Math.abs(before.payload.location.lat - location.lat) > 1e-7;
	await tx`update structures set
			name = ${identity.name}, category = ${identity.categories[0]!},
			categories = ${identity.categories}::text[], description = ${identity.description},
			website = ${identity.website}, email = ${identity.email}, phone = ${identity.phone},
			address_street = ${location.street}, postcode = ${location.postcode},
			commune_code = ${commune.communeCode},
			geom = ${geoPoint(location.lon, location.lat)},
			location_precision = ${moved ? 'exact' : tx`location_precision`},
			location_note = ${moved ? null : tx`location_note`},
			version = version + 1, updated_at = now()
		where id = ${structure.id}`;
	await writeIdentifiers(tx, structure.id, payload);
	const role = await authorRole(tx, revision);
	await writeProgrammes(tx, structure.id, payload, linkSource(role));
	await confirm(tx, structure.id, role);
	await writeContacts(tx, structure.id, payload);
	await auditStructure(tx, 'structure.updated', structure.id, actor, {
		revision: revision.id,
		fields: changedFields(diff(before?.payload ?? null, payload))
	});
	return { structureId: structure.id, slug: structure.slug };
}

async function claim(tx: TransactionSql, revision: ClaimRevision, actor: Actor): Promise<Applied> {
	const structure = await lockStructure(tx, revision);
	await tx`insert into memberships (user_id, structure_id) values (${revision.authorId}, ${structure.id})
		on conflict do nothing`;
	await auditStructure(tx, 'structure.member_added', structure.id, actor, {
		revision: revision.id,
		user: revision.authorId
	});
	return { structureId: structure.id, slug: structure.slug };
}

async function close(
	tx: TransactionSql,
	revision: CloseRevision,
	actor: Actor,
	approval: Approval
): Promise<Applied> {
	const structure = await lockStructure(tx, revision);
	checkVersion(structure.version, approval.seenVersion);
	await tx`update structures set status = 'closed', version = version + 1, updated_at = now()
		where id = ${structure.id}`;
	await auditStructure(tx, 'structure.closed', structure.id, actor, {
		revision: revision.id,
		reason: revision.payload.reason
	});
	return { structureId: structure.id, slug: structure.slug };
}

/** UAI and SIRET as the revision gives them; other identifiers (datasets') are kept. */
async function writeIdentifiers(
	tx: TransactionSql,
	structureId: string,
	payload: StructurePayload
) {
	for (const scheme of ['uai', 'siret'] as const) {
		const value = payload.identifiers[scheme];
		await tx`delete from structure_identifiers
			where structure_id = ${structureId} and scheme = ${scheme}
				and value is distinct from ${value}`;
		if (!value) continue;
		const [taken] = await tx<{ name: string }[]>`
			select s.name from structure_identifiers i join structures s on s.id = i.structure_id
			where i.scheme = ${scheme} and i.value = ${value} and i.structure_id <> ${structureId}`;
		if (taken)
			throw new RevisionError(
				409,
				`Le ${scheme === 'uai' ? 'code UAI' : 'numéro SIRET'} ${value} est déjà celui de « ${taken.name} » : c’est probablement la même structure. Refusez la demande en invitant le demandeur à revendiquer la fiche existante (« c’est ma structure »).`
			);
		await tx`insert into structure_identifiers (structure_id, scheme, value)
			values (${structureId}, ${scheme}, ${value})
			on conflict (structure_id, scheme) do update set value = excluded.value`;
	}
}

/**
 * The roles the revision states replace the other stated roles; links the roadmap import made
 * ('feuille-de-route') stay unless the revision gives that programme a role.
 */
async function writeProgrammes(
	tx: TransactionSql,
	structureId: string,
	payload: StructurePayload,
	source: string
) {
	const numbers = payload.programmes.map((p) => p.number);
	await tx`delete from structure_programmes
		where structure_id = ${structureId} and role <> 'feuille-de-route'
			and not (programme_number = any(${numbers}::int[]))`;
	for (const { number, role } of payload.programmes)
		await tx`insert into structure_programmes (structure_id, programme_number, role, source)
			select ${structureId}, number, ${role}, ${source} from programmes where number = ${number}
			on conflict (structure_id, programme_number) do update
				set role = excluded.role, source = excluded.source
				where structure_programmes.role is distinct from excluded.role`;
}

/** Contacts as the revision lists them: rows of this structure kept by id, others replaced. */
async function writeContacts(tx: TransactionSql, structureId: string, payload: StructurePayload) {
	const list = payload.contacts.list;
	const ids = list.map((c) => c.id).filter((id): id is string => !!id);
	await tx`delete from contacts where structure_id = ${structureId}
		and not (id = any(${ids}::uuid[]))`;
	for (const c of list) {
		const [kept] = c.id
			? await tx`update contacts set name = ${c.name}, role = ${c.role}, email = ${c.email},
					phone = ${c.phone}, visibility = ${c.visibility}, updated_at = now()
				where id = ${c.id} and structure_id = ${structureId} returning id`
			: [];
		if (!kept)
			await tx`insert into contacts (structure_id, name, role, email, phone, visibility)
				values (${structureId}, ${c.name}, ${c.role}, ${c.email}, ${c.phone}, ${c.visibility})`;
	}
}

async function auditStructure(
	tx: TransactionSql,
	action: 'structure.created' | 'structure.updated' | 'structure.closed' | 'structure.member_added',
	structureId: string,
	actor: Actor,
	details: Record<string, unknown>
) {
	await tx`insert into audit_log (actor_id, action, entity, entity_id, details)
		values (${actor.id}, ${action}, 'structure', ${structureId}, ${tx.json(details as never)})`;
}
