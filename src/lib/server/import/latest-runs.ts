import { sql } from '../db';
import { readClassificationRules } from './classification';

/**
 * What the last import of each dataset did, for the sources page: rows read, structures the
 * dataset created (and how many are shown, archived or merged, to verify, placed
 * approximately), rows folded into another, and what each classification rule decided.
 */
export interface DatasetRun {
	dataset: string;
	title: string;
	finished_at: Date | null;
	read: number;
	rejected: number;
	merged: number;
	structures: number;
	published: number;
	archived: number;
	to_verify: number;
	approximate: number;
	rules: { id: string; count: number; justification: string }[];
}

interface RunRow {
	dataset: string;
	title: string;
	finished_at: Date | null;
	rejected: number;
	details: {
		read?: number;
		merged?: number;
		rules?: Record<string, number>;
		datasets?: string[];
	};
}

export async function latestRuns(dataDir = 'db/data'): Promise<DatasetRun[]> {
	const runs = await sql<RunRow[]>`
		select distinct on (r.dataset_id) r.dataset_id as dataset, d.title, r.finished_at,
			r.rejected, r.details
		from import_runs r join datasets d on d.id = r.dataset_id
		order by r.dataset_id, r.id desc`;
	const counts = await sql<
		{
			dataset: string;
			structures: number;
			published: number;
			archived: number;
			to_verify: number;
			approximate: number;
		}[]
	>`
		select dataset_id as dataset, count(*)::int as structures,
			count(*) filter (where status = 'published')::int as published,
			count(*) filter (where status in ('archived', 'closed'))::int as archived,
			count(*) filter (where lifecycle = 'to-verify' and status = 'published')::int as to_verify,
			count(*) filter (where location_precision = 'approximate')::int as approximate
		from structures where dataset_id is not null group by dataset_id`;
	const byDataset = new Map(counts.map((c) => [c.dataset, c]));
	let justifications = new Map<string, string>();
	try {
		const rules = readClassificationRules(dataDir);
		justifications = new Map(
			Object.entries(rules.datasets).flatMap(([dataset, set]) => [
				...set.rules.map((r): [string, string] => [`${dataset}|${r.id}`, r.justification]),
				...Object.entries(set.overrides).map(([id, o]): [string, string] => [
					`${dataset}|override:${id}`,
					o.justification
				])
			])
		);
	} catch {
		// The page still shows the counts without the rules file.
	}
	return runs.map((run) => {
		const datasets = run.details.datasets?.length ? run.details.datasets : [run.dataset];
		const sum = (key: 'structures' | 'published' | 'archived' | 'to_verify' | 'approximate') =>
			datasets.reduce((n, d) => n + (byDataset.get(d)?.[key] ?? 0), 0);
		return {
			dataset: run.dataset,
			title: run.title,
			finished_at: run.finished_at,
			read: run.details.read ?? 0,
			rejected: run.rejected,
			merged: run.details.merged ?? 0,
			structures: sum('structures'),
			published: sum('published'),
			archived: sum('archived'),
			to_verify: sum('to_verify'),
			approximate: sum('approximate'),
			rules: Object.entries(run.details.rules ?? {})
				.sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
				.map(([id, count]) => ({
					id,
					count,
					justification: justifications.get(`${run.dataset}|${id}`) ?? ''
				}))
		};
	});
}
