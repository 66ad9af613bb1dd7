import { sql } from '../db';

/** One change of a structure, for staff: who, what, when. */
export interface HistoryEntry {
	at: Date;
	action: string;
	/** French description of what happened. */
	label: string;
	actorName: string | null;
	actorEmail: string | null;
	/** Changed fields, a reason… */
	details: string | null;
	revisionId: string | null;
}

const LABELS: Record<string, string> = {
	'structure.created': 'Fiche créée (inscription approuvée)',
	'structure.updated': 'Fiche modifiée (demande approuvée)',
	'structure.closed': 'Structure marquée fermée',
	'structure.member_added': 'Gestionnaire ajouté',
	'revision.submitted': 'Demande envoyée',
	'revision.review_started': 'Demande prise en charge',
	'revision.info_requested': 'Informations demandées',
	'revision.replied': 'Réponse du demandeur',
	'revision.commented': 'Note de modération',
	'revision.approved': 'Demande approuvée',
	'revision.refused': 'Demande refusée',
	'revision.withdrawn': 'Demande retirée',
	'structure.confirmed': 'Informations confirmées par le gestionnaire',
	'report.received': 'Erreur signalée par un visiteur',
	'report.accepted': 'Signalement traité : erreur confirmée',
	'report.rejected': 'Signalement traité : sans suite',
	'import_change.accepted': 'Changement de la source accepté',
	'import_change.rejected': 'Changement de la source refusé (modification locale conservée)'
};

const KINDS: Record<string, string> = {
	create: 'inscription',
	update: 'modification',
	claim: 'gestion de la fiche',
	close: 'fermeture'
};

interface Row {
	at: Date;
	action: string;
	entity: string;
	entity_id: string;
	details: Record<string, unknown>;
	actor_name: string | null;
	actor_email: string | null;
	member_email: string | null;
}

/**
 * The history of a structure from audit_log, the latest first: changes applied to it and the
 * revisions about it (who sent, took up, asked, decided). Its import is the first line.
 */
export async function structureHistory(structureId: string, limit = 200): Promise<HistoryEntry[]> {
	const rows = await sql<Row[]>`
		select l.at, l.action, l.entity, l.entity_id, l.details,
			nullif(u.display_name, '') as actor_name, u.email as actor_email,
			m.email as member_email
		from audit_log l
		left join users u on u.id = l.actor_id
		left join users m on l.action = 'structure.member_added' and m.id::text = l.details->>'user'
		where (l.entity = 'structure' and l.entity_id = ${structureId})
			or (l.entity = 'revision' and l.entity_id in (
				select id::text from revisions where structure_id = ${structureId}))
		order by l.at desc, l.id desc
		limit ${limit}`;
	const entries = rows.map((r): HistoryEntry => ({
		at: r.at,
		action: r.action,
		label: labelOf(r),
		actorName: r.actor_name,
		actorEmail: r.actor_email,
		details: detailsOf(r),
		revisionId: r.entity === 'revision' ? r.entity_id : ((r.details.revision as string) ?? null)
	}));
	const [origin] = await sql<{ created_at: Date; source: string; title: string | null }[]>`
		select s.created_at, s.source, d.title from structures s
		left join datasets d on d.id = s.dataset_id
		where s.id = ${structureId} and s.source <> 'registration'`;
	if (origin && entries.length < limit)
		entries.push({
			at: origin.created_at,
			action: 'structure.imported',
			label: `Fiche importée${origin.title ? ` : ${origin.title}` : ''}`,
			actorName: null,
			actorEmail: null,
			details: null,
			revisionId: null
		});
	return entries;
}

function labelOf(row: Row): string {
	const label = LABELS[row.action] ?? row.action;
	const kind = KINDS[String(row.details.kind ?? '')];
	return row.entity === 'revision' && kind ? `${label} (${kind})` : label;
}

function detailsOf(row: Row): string | null {
	const d = row.details;
	if (Array.isArray(d.fields)) return d.fields.length ? `Champs : ${d.fields.join(', ')}` : null;
	if (typeof d.reason === 'string') return `Raison : ${d.reason}`;
	if (typeof d.summary === 'string') return d.summary;
	if (d.import === true) return `Selon la source ${String(d.dataset)} (état « fermé »)`;
	if (row.member_email) return `Compte : ${row.member_email}`;
	return null;
}
