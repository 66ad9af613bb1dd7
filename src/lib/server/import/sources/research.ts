import { readableName } from '../names';
import type { Importer } from '../run';
import { clean, list, website } from '../text';
import { compact, parseCsv } from './common';

/**
 * Public research structures (RNSR). The file has no coordinates: structures are placed at
 * their commune (point on surface), marked approximate.
 */

export const research: Importer = {
	key: 'research',
	runDataset: 'rnsr',
	defaultFile: 'higher-education/structures-recherche-bfc.csv',
	tolerance: 1000,
	parse(file, { accents }) {
		return parseCsv(
			file,
			{ delimiter: ',', required: ['numero_rnsr', 'libelle', 'code_commune'] },
			({ values: v }) => {
				const rnsr = clean(v.numero_rnsr)?.toUpperCase() ?? '';
				const rawName = clean(v.libelle);
				if (!/^\d{9}[A-Z]$/.test(rnsr))
					return {
						reject: `Numéro RNSR invalide (« ${rnsr} ») : 9 chiffres et une lettre attendus`,
						id: rnsr,
						name: rawName ?? undefined
					};
				if (!rawName) return { reject: 'Nom absent', id: rnsr };
				const name = readableName(rawName, { accents });
				return {
					record: {
						line: 0,
						datasetId: 'rnsr',
						recordId: rnsr,
						identifiers: [{ scheme: 'rnsr', value: rnsr }],
						name,
						aliases: clean(v.sigle) ? [clean(v.sigle)!] : [],
						categories: ['recherche'],
						website: website(v.site_web),
						email: null,
						phone: null,
						addressStreet: clean(v.adresse),
						postcode: clean(v.code_postal),
						communeCode: clean(v.code_commune),
						point: null,
						status: 'published',
						sourceUpdatedAt: null,
						attributes: compact({
							nom_source: rawName !== name ? rawName : null,
							sigle: clean(v.sigle),
							annee_creation: clean(v.annee_creation),
							type_structure: clean(v.type_structure),
							labels: list(v.label_numero),
							tutelles: list(v.tutelles),
							sigles_tutelles: list(v.sigles_tutelles),
							uai_tutelles: list(v.uai_tutelles),
							domaines: list(v.domaine_scientifique),
							commune_source: clean(v.commune),
							fiche_rnsr: website(v.fiche_rnsr)
						})
					}
				};
			}
		);
	}
};
