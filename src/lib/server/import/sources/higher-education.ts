import type { Importer } from '../run';
import { clean, flag, uaiProblem, website } from '../text';
import type { Identifier } from '../types';
import { compact, parseCsv, pointOf } from './common';

/**
 * Main higher-education establishments (MESR), from a 2025 and a 2023 copy of the dataset.
 * A row only in the 2023 copy (`dans_fichier_2025=false`) is not a closure: the establishment
 * stays published, « to verify », unless db/data/lifecycle.json says what became of it
 * (merged into a successor, renamed, closed, or checked as still operating).
 * `sigle` and `nom_court` are the establishment's aliases (searched, shown).
 */

const TO_VERIFY_NOTE =
	'Absent de la copie 2025 du fichier du ministère (présent en 2023) : l’absence d’un fichier plus récent n’est pas une fermeture ; existence actuelle à vérifier.';

export const higherEducation: Importer = {
	key: 'higher-education',
	runDataset: 'esr-etablissements',
	defaultFile: 'higher-education/etablissements-enseignement-superieur-bfc.csv',
	tolerance: 1000,
	parse(file) {
		return parseCsv(
			file,
			{
				delimiter: ',',
				required: [
					'id_paysage',
					'nom',
					'uai',
					'code_commune',
					'latitude',
					'longitude',
					'dans_fichier_2025'
				]
			},
			({ values: v }) => {
				const paysage = clean(v.id_paysage);
				const name = clean(v.nom);
				const id = paysage ?? clean(v.uai) ?? '';
				if (!paysage) return { reject: 'Identifiant Paysage absent', id, name: name ?? undefined };
				if (!name) return { reject: 'Nom absent', id };
				const identifiers: Identifier[] = [{ scheme: 'paysage', value: paysage }];
				const warnings: string[] = [];
				const uai = clean(v.uai)?.toUpperCase() ?? null;
				if (uai) {
					const problem = uaiProblem(uai);
					if (problem) warnings.push(`${problem} : non enregistré`);
					else identifiers.push({ scheme: 'uai', value: uai });
				}
				const siret = clean(v.siret);
				if (siret) {
					if (/^\d{14}$/.test(siret)) identifiers.push({ scheme: 'siret', value: siret });
					else warnings.push(`SIRET invalide (« ${siret} ») : non enregistré`);
				}
				const position = pointOf(v.longitude, v.latitude);
				if ('problem' in position) return { reject: position.problem, id, name };
				const current = flag(v.dans_fichier_2025) !== false;
				return {
					record: {
						line: 0,
						datasetId: 'esr-etablissements',
						recordId: paysage,
						identifiers,
						name,
						categories: ['enseignement-superieur'],
						website: website(v.site_web),
						email: null,
						phone: null,
						addressStreet: clean(v.adresse),
						postcode: clean(v.code_postal),
						communeCode: clean(v.code_commune),
						point: position.point,
						status: 'published',
						aliases: [clean(v.sigle), clean(v.nom_court)].filter(
							(a): a is string => a !== null && a !== name
						),
						lifecycle: current ? { state: 'active' } : { state: 'to-verify', note: TO_VERIFY_NOTE },
						sourceUpdatedAt: null,
						attributes: compact({
							sigle: clean(v.sigle),
							nom_court: clean(v.nom_court),
							type: clean(v.type),
							typologie: clean(v.typologie),
							secteur: clean(v.secteur),
							date_creation: clean(v.date_creation),
							dans_fichier_2025: flag(v.dans_fichier_2025),
							dans_fichier_2023: flag(v.dans_fichier_2023)
						})
					},
					warnings
				};
			}
		);
	}
};
