import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/**
 * The shipped files of db/data as trustworthy-data.test.ts reads them, on its own (not
 * through the importers): what the answers on the real data are checked against.
 */
type Row = Record<string, string>;
const csv = (file: string, delimiter = ','): Row[] =>
	parse(readFileSync(`db/data/${file}`, 'utf8'), { columns: true, delimiter }) as Row[];

export const mednum = csv('mediation/lieux-mediation-numerique-tiers-lieux-bfc.csv');
const schools = csv('schools/etablissements-scolaires-bfc.csv');
const annuaire = csv('schools/annuaire-education-extrait-bfc.csv', ';');
export const higher = csv('higher-education/etablissements-enseignement-superieur-bfc.csv');

export interface School {
	uai: string;
	category: string;
	departement: string;
	sector: string | null;
	levels: string[];
	pathways: string[];
	priority: string | null;
}
/** The schools as the two files say, the Annuaire (official) winning for a shared UAI. */
export function expectedSchools(): School[] {
	const byUai = new Map<string, School>();
	const sectorOf = (text: string) =>
		/^public/i.test(text) ? 'public' : /^priv/i.test(text) ? 'private' : null;
	for (const r of schools) {
		const nature = r.type_detail ?? '';
		byUai.set(r.uai!, {
			uai: r.uai!,
			category: r.categorie!,
			departement: r.code_departement!,
			sector: sectorOf(r.secteur ?? ''),
			levels: [
				r.niveau_maternelle === '1' ? 'maternelle' : '',
				r.niveau_elementaire === '1' ? 'elementaire' : ''
			].filter(Boolean),
			pathways: /\(LPO\)/.test(nature)
				? ['generale', 'technologique', 'professionnelle']
				: /\(LEGT\)/.test(nature)
					? ['generale', 'technologique']
					: /\(LP\)/.test(nature)
						? ['professionnelle']
						: [],
			priority: null
		});
	}
	for (const r of annuaire) {
		const previous = byUai.get(r.Identifiant_de_l_etablissement!);
		byUai.set(r.Identifiant_de_l_etablissement!, {
			uai: r.Identifiant_de_l_etablissement!,
			category: r.Type_etablissement!.toLowerCase().replace('é', 'e'),
			departement: r.Code_departement!.replace(/^0/, ''),
			sector: sectorOf(r.Statut_public_prive ?? '') ?? previous?.sector ?? null,
			levels: [
				r.Ecole_maternelle === '1' ? 'maternelle' : '',
				r.Ecole_elementaire === '1' ? 'elementaire' : ''
			].filter(Boolean),
			pathways: [
				r.Voie_generale === '1' ? 'generale' : '',
				r.Voie_technologique === '1' ? 'technologique' : '',
				r.Voie_professionnelle === '1' ? 'professionnelle' : ''
			].filter(Boolean),
			priority:
				r.Appartenance_Education_Prioritaire === 'REP+'
					? 'rep-plus'
					: r.Appartenance_Education_Prioritaire === 'REP'
						? 'rep'
						: null
		});
	}
	return [...byUai.values()];
}
