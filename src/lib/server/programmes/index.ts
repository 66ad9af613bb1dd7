import type { CategoryCode } from '../../domain/categories';
import { sql } from '../db';
import type { ProgrammeRole } from '../structures';

export interface Axis {
	/** S1–S3 (structurants), O1–O4 (opérationnels) */
	code: string;
	kind: 'structurant' | 'opérationnel';
	number: number;
	title: string;
	/** Partners the roadmap names for the axis. */
	partners: string[];
}

export type AxisLink = Omit<Axis, 'partners'>;

export interface ProgrammeSummary {
	number: number;
	title: string;
	summary: string;
	axis: AxisLink;
	/**
	 * Published structures linked to the programme, whatever their role; read from the cells
	 * pre-aggregated by trigger, so that listing the programmes never scans the structures.
	 */
	structure_count: number;
}

export interface ProgrammeStructure {
	id: string;
	slug: string;
	name: string;
	categories: CategoryCode[];
	commune: { code: string; name: string } | null;
	role: ProgrammeRole;
}

export interface Programme extends ProgrammeSummary {
	actions: string[];
	/** Structures per role, roles in the order of `structures`. */
	roles: { role: ProgrammeRole; count: number }[];
	/** Contributing structures, the most involved roles first, then by name. */
	structures: ProgrammeStructure[];
}

/** Roles from the most to the least involved; the roadmap's own default links come last. */
const roleOrder = () =>
	sql`array['porteur', 'partenaire', 'site-accueil', 'contributeur', 'feuille-de-route']`;

const axisOrder = () => sql`a.kind <> 'structurant', a.number`;

const summaryColumns = () => sql`
	p.number, p.title, p.summary,
	json_build_object('code', a.code, 'kind', a.kind, 'number', a.number, 'title', a.title) as axis,
	(select coalesce(sum(c.count), 0)::int from structure_cell_totals c
		where c.level = 0 and c.programme = p.number) as structure_count`;

/** The axes of the roadmap, structuring ones first. */
export function axes(): Promise<Axis[]> {
	return sql<Axis[]>`
		select a.code, a.kind, a.number, a.title, a.partners from axes a order by ${axisOrder()}`;
}

/** One axis (`S1`…`O4`) with its programmes. */
export async function axis(
	code: string
): Promise<(Axis & { programmes: ProgrammeSummary[] }) | null> {
	const [row] = await sql<Axis[]>`
		select a.code, a.kind, a.number, a.title, a.partners from axes a where a.code = ${code.toUpperCase()}`;
	if (!row) return null;
	const programmes = await sql<ProgrammeSummary[]>`
		select ${summaryColumns()} from programmes p join axes a on a.code = p.axis_code
		where a.code = ${row.code} order by p.number`;
	return { ...row, programmes };
}

/** The programmes of the roadmap, by number, with their axis and structure counts. */
export function list(): Promise<ProgrammeSummary[]> {
	return sql<ProgrammeSummary[]>`
		select ${summaryColumns()} from programmes p join axes a on a.code = p.axis_code
		order by p.number`;
}

/** One programme with its actions and the published structures contributing to it. */
export async function get(number: number): Promise<Programme | null> {
	if (!Number.isInteger(number) || number < 1 || number > 99) return null;
	const [row] = await sql<Omit<Programme, 'roles' | 'structures'>[]>`
		select ${summaryColumns()}, p.actions
		from programmes p join axes a on a.code = p.axis_code where p.number = ${number}`;
	if (!row) return null;
	const structures = await sql<ProgrammeStructure[]>`
		select s.id, s.slug, s.name, s.categories,
			case when s.commune_code is null then null
				else json_build_object('code', s.commune_code, 'name', coalesce(c.name, s.commune_code)) end as commune,
			sp.role
		from structure_programmes sp
		join structures s on s.id = sp.structure_id and s.status = 'published'
		left join territories c on c.kind = 'commune' and c.insee_code = s.commune_code
		where sp.programme_number = ${number}
		order by array_position(${roleOrder()}, sp.role), s.name, s.id`;
	const roles: Programme['roles'] = [];
	for (const s of structures) {
		const last = roles[roles.length - 1];
		if (last?.role === s.role) last.count++;
		else roles.push({ role: s.role, count: 1 });
	}
	return { ...row, roles, structures };
}
