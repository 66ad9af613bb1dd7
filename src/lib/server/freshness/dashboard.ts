import type { ConfirmationKind } from '../../domain/freshness';
import { config } from '../config';
import { sql } from '../db';
import { toCsv } from '../export/csv';

/**
 * What moderators need to keep the directory true: the share of published fiches confirmed
 * within FRESHNESS_MONTHS, by category and by département, and the fiches « à vérifier ».
 */

export interface ShareRow {
	key: string;
	label: string;
	total: number;
	fresh: number;
	/** fresh ÷ total, 0 when total is 0. */
	share: number;
}

export interface StaleFiche {
	id: string;
	slug: string;
	name: string;
	category: string;
	categoryLabel: string;
	commune: string | null;
	departement: string | null;
	confirmedAt: Date;
	confirmedBy: ConfirmationKind;
	/** The managers did not answer the confirmation request nor its reminder. */
	flagged: boolean;
	openReports: number;
}

const fresh = () =>
	sql`s.confirmed_at >= now() - make_interval(months => ${config.freshnessMonths}::int)`;

function withShare(rows: Omit<ShareRow, 'share'>[]): ShareRow[] {
	return rows.map((r) => ({ ...r, share: r.total ? r.fresh / r.total : 0 }));
}

export async function byCategory(): Promise<ShareRow[]> {
	return withShare(
		await sql<Omit<ShareRow, 'share'>[]>`
			select c.code as key, c.label, count(s.id)::int as total,
				count(s.id) filter (where ${fresh()})::int as fresh
			from categories c join structures s on s.category = c.code and s.status = 'published'
			group by c.code, c.label, c.sort order by c.sort`
	);
}

export async function byDepartement(): Promise<ShareRow[]> {
	return withShare(
		await sql<Omit<ShareRow, 'share'>[]>`
			select coalesce('dep:' || d.insee_code, 'aucun') as key,
				coalesce(d.name || ' (' || d.insee_code || ')', 'Hors commune connue') as label,
				count(*)::int as total, count(*) filter (where ${fresh()})::int as fresh
			from structures s
			left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
			left join territories d on d.kind = 'departement' and d.insee_code = c.departement_code
			where s.status = 'published'
			group by d.insee_code, d.name order by d.insee_code nulls last`
	);
}

export async function overall(): Promise<{ total: number; fresh: number; share: number }> {
	const [row] = await sql<{ total: number; fresh: number }[]>`
		select count(*)::int as total, count(*) filter (where ${fresh()})::int as fresh
		from structures s where s.status = 'published'`;
	const { total, fresh: count } = row ?? { total: 0, fresh: 0 };
	return { total, fresh: count, share: total ? count / total : 0 };
}

/**
 * Fiches « à vérifier » (not confirmed within the threshold) and those flagged after
 * unanswered requests, the longest unconfirmed first.
 */
export async function staleFiches(limit = 10_000): Promise<StaleFiche[]> {
	return sql<StaleFiche[]>`
		select s.id, s.slug, s.name, s.category, k.label as "categoryLabel", c.name as commune,
			d.name as departement, s.confirmed_at as "confirmedAt", s.confirmed_by as "confirmedBy",
			exists (select 1 from confirmation_requests f where f.structure_id = s.id
				and f.cycle = s.confirmed_at and f.step = 'flagged') as flagged,
			(select count(*)::int from error_reports r
				where r.structure_id = s.id and r.status = 'open') as "openReports"
		from structures s
		join categories k on k.code = s.category
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		left join territories d on d.kind = 'departement' and d.insee_code = c.departement_code
		where s.status = 'published' and (not ${fresh()} or exists (
			select 1 from confirmation_requests f where f.structure_id = s.id
				and f.cycle = s.confirmed_at and f.step = 'flagged'))
		order by s.confirmed_at, s.name, s.id
		limit ${limit}`;
}

const KIND_TEXT: Record<ConfirmationKind, string> = {
	manager: 'gestionnaire',
	moderator: 'modérateur',
	import: 'import de la source'
};

/** The « à vérifier » list as CSV (UTF-8 with BOM, `;`), for spreadsheets. */
export function staleCsv(rows: StaleFiche[], origin: string): string {
	return toCsv<StaleFiche>(
		[
			{ header: 'Nom', value: (r) => r.name },
			{ header: 'Catégorie', value: (r) => r.categoryLabel },
			{ header: 'Commune', value: (r) => r.commune },
			{ header: 'Département', value: (r) => r.departement },
			{ header: 'Confirmée le', value: (r) => r.confirmedAt.toISOString().slice(0, 10) },
			{ header: 'Confirmée par', value: (r) => KIND_TEXT[r.confirmedBy] },
			{ header: 'Sans réponse du gestionnaire', value: (r) => (r.flagged ? 'oui' : 'non') },
			{ header: 'Signalements ouverts', value: (r) => r.openReports },
			{ header: 'Fiche', value: (r) => `${origin}/structures/${r.slug}` }
		],
		rows
	);
}

/** The shares as CSV: one row per category and per département. */
export function sharesCsv(categories: ShareRow[], departements: ShareRow[]): string {
	const rows = [
		...categories.map((r) => ({ ...r, dimension: 'catégorie' })),
		...departements.map((r) => ({ ...r, dimension: 'département' }))
	];
	return toCsv(
		[
			{ header: 'Dimension', value: (r) => r.dimension },
			{ header: 'Libellé', value: (r) => r.label },
			{ header: 'Fiches publiées', value: (r) => r.total },
			{
				header: `Confirmées depuis moins de ${config.freshnessMonths} mois`,
				value: (r) => r.fresh
			},
			{ header: 'Part (%)', value: (r) => (r.share * 100).toFixed(1).replace('.', ',') }
		],
		rows
	);
}
