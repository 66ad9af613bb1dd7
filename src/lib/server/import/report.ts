import { CHANGE_KINDS, CHANGE_LABELS, type ImportChange } from './changes';
import type { ImportReport, RowIssue, TerritoryReport } from './types';

/** The import reports as French text for the command line. */

const TERRITORY_LABELS: Record<string, string> = {
	region: 'région',
	academie: 'académies',
	departement: 'départements',
	epci: 'EPCI',
	commune: 'communes'
};

const number = (n: number) => n.toLocaleString('fr-FR');

export function formatTerritories(report: TerritoryReport): string {
	const parts = Object.entries(TERRITORY_LABELS).map(
		([kind, label]) => `${number(report.counts[kind] ?? 0)} ${label}`
	);
	return `Territoires : ${parts.join(', ')} (${seconds(report.ms)}).`;
}

/**
 * The change set against what was published: counts by kind, then each change (a dry run or a
 * short list), the conflicts always.
 */
export function formatChanges(report: ImportReport): string[] {
	const counts = CHANGE_KINDS.filter((k) => report.changeCounts[k] > 0).map(
		(k) => `${CHANGE_LABELS[k].toLowerCase()} ${number(report.changeCounts[k])}`
	);
	const conflicts = report.changes.filter((c) => c.conflict);
	const lines = [
		`  Changements par rapport à la carte publiée : ${counts.length ? counts.join(', ') : 'aucun'}.`
	];
	if (conflicts.length)
		lines.push(
			report.dryRun
				? `  ${number(conflicts.length)} touchent une modification locale : ils attendraient la décision d’un modérateur.`
				: `  ${number(report.pendingReview)} touchent une modification locale : en attente sur /moderation/imports.`
		);
	const listed = report.dryRun || report.changes.length <= 50 ? report.changes : conflicts;
	for (const kind of CHANGE_KINDS) {
		const items = listed.filter((c) => c.kind === kind);
		if (items.length === 0) continue;
		lines.push(`  ${CHANGE_LABELS[kind]} (${number(items.length)}) :`);
		lines.push(...items.map(changeLine));
	}
	return lines;
}

function changeLine(change: ImportChange): string {
	const conflict = change.conflict ? ' [modification locale : à revoir]' : '';
	return `    ${change.recordId} ${change.name} — ${change.summary}${conflict}`;
}

export function formatReport(report: ImportReport, options: { warnings?: boolean } = {}): string {
	const lines = [
		`${report.dryRun ? 'ESSAI À BLANC (rien n’est enregistré) — ' : ''}${report.title} — ${report.file}`,
		`  ${number(report.read)} lignes lues : ${number(report.inserted)} insérées, ${number(report.updated)} mises à jour, ${number(report.unchanged)} inchangées, ${number(report.rejected)} rejetées (${seconds(report.ms)}).`
	];
	const datasets = Object.entries(report.byDataset);
	if (datasets.length > 1)
		for (const [id, c] of datasets)
			lines.push(
				`    dont ${id} : ${number(c.inserted)} insérées, ${number(c.updated)} mises à jour, ${number(c.unchanged)} inchangées`
			);
	if (report.attached)
		lines.push(
			`  ${number(report.attached)} rattachées à des structures déjà présentes (même identifiant).`
		);
	if (report.approximate)
		lines.push(
			`  ${number(report.approximate)} placées au centre de leur commune (position approximative).`
		);
	if (report.merged)
		lines.push(
			`  ${number(report.merged)} fusionnées avec une autre ligne du même fichier (même nom, à moins de 50 m).`
		);
	if (report.archived)
		lines.push(
			`  ${number(report.archived)} non affichées (fusionnées dans un successeur ou fermées).`
		);
	if (report.toVerify)
		lines.push(
			`  ${number(report.toVerify)} à vérifier (absentes de la copie la plus récente du fichier, toujours affichées).`
		);
	const rules = Object.entries(report.rules).sort(
		(a, b) => b[1] - a[1] || a[0].localeCompare(b[0])
	);
	if (rules.length)
		lines.push(
			`  Classement (db/data/classification-rules.json) : ${rules.map(([id, n]) => `${id} ${number(n)}`).join(', ')}.`
		);
	for (const [reason, count] of Object.entries(report.skipped))
		lines.push(`  ${number(count)} lignes ignorées : ${reason}.`);
	const links = report.programmeLinks;
	if (links.added || links.removed)
		lines.push(
			`  Liens « identifié par la feuille de route » : ${number(links.added)} ajoutés, ${number(links.removed)} retirés.`
		);
	lines.push(...formatChanges(report));
	if (report.rejects.length) {
		lines.push('  Lignes rejetées :');
		lines.push(...report.rejects.map(issueLine));
	}
	if (report.warnings.length) {
		lines.push(`  Signalements (${number(report.warnings.length)}, lignes importées) :`);
		if (options.warnings !== false) lines.push(...report.warnings.map(issueLine));
	}
	return lines.join('\n');
}

export function formatSummary(summary: {
	territories: TerritoryReport;
	reports: ImportReport[];
	ms: number;
}): string {
	const totals = summary.reports.reduce(
		(t, r) => ({
			inserted: t.inserted + r.inserted,
			updated: t.updated + r.updated,
			unchanged: t.unchanged + r.unchanged,
			rejected: t.rejected + r.rejected
		}),
		{ inserted: 0, updated: 0, unchanged: 0, rejected: 0 }
	);
	return [
		formatTerritories(summary.territories),
		...summary.reports.map((r) => formatReport(r)),
		`Total : ${number(totals.inserted)} insérées, ${number(totals.updated)} mises à jour, ${number(totals.unchanged)} inchangées, ${number(totals.rejected)} rejetées, en ${seconds(summary.ms)}.`
	].join('\n\n');
}

function issueLine(issue: RowIssue): string {
	const where = issue.line ? `ligne ${issue.line}` : 'fichier';
	const who = [issue.record, issue.name].filter(Boolean).join(' ');
	return `    - ${where}${who ? ` (${who})` : ''} : ${issue.message}`;
}

function seconds(ms: number): string {
	return `${(ms / 1000).toFixed(1).replace('.', ',')} s`;
}
