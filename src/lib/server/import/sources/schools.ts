import type { CategoryCode } from '../../../domain/categories';
import { pathwaysOfNature, sectorOf } from '../../../domain/school-facts';
import { readableName, SCHOOL_TYPE_WORDS } from '../names';
import type { Importer } from '../run';
import { clean, uaiProblem } from '../text';
import { compact, parseCsv, pointOf } from './common';

/**
 * db/data/schools/etablissements-scolaires-bfc.csv: écoles, collèges and lycées assembled from
 * three partial MEN extracts. Each row is attributed to its extract (`source_id`), which is the
 * dataset its structure shows.
 */

const SOURCES = new Set(['otsc-fc', 'geoloc-colleges', 'ips-lycees']);
const CATEGORIES = new Set<CategoryCode>(['ecole', 'college', 'lycee']);

export const schools: Importer = {
	key: 'schools',
	runDataset: 'etablissements-scolaires-bfc',
	defaultFile: 'schools/etablissements-scolaires-bfc.csv',
	tolerance: 1000,
	parse(file, { communes, accents }) {
		return parseCsv(
			file,
			{
				delimiter: ',',
				required: ['uai', 'nom', 'categorie', 'code_commune', 'latitude', 'longitude', 'source_id']
			},
			({ values: v }) => {
				const uai = clean(v.uai)?.toUpperCase() ?? null;
				const rawName = clean(v.nom);
				const id = uai ?? '';
				const problem = uaiProblem(uai);
				if (problem) return { reject: problem, id, name: rawName ?? undefined };
				if (!rawName) return { reject: 'Nom absent', id };
				const source = clean(v.source_id) ?? '';
				if (!SOURCES.has(source))
					return { reject: `Source inconnue (« ${source} »)`, id, name: rawName };
				const category = clean(v.categorie) as CategoryCode;
				if (!CATEGORIES.has(category))
					return { reject: `Catégorie inconnue (« ${v.categorie} »)`, id, name: rawName };
				const position = pointOf(v.longitude, v.latitude);
				if ('problem' in position) return { reject: position.problem, id, name: rawName };
				const communeCode = clean(v.code_commune);
				const commune = communes.get(communeCode)?.name ?? clean(v.commune);
				const name = readableName(rawName, { typeWords: SCHOOL_TYPE_WORDS, commune, accents });
				const levels = [
					v.niveau_maternelle === '1' ? 'maternelle' : null,
					v.niveau_elementaire === '1' ? 'élémentaire' : null
				].filter((l): l is string => l !== null);
				const sector = sectorOf(v.secteur);
				return {
					record: {
						line: 0,
						datasetId: source,
						recordId: uai!,
						identifiers: [{ scheme: 'uai', value: uai! }],
						name,
						categories: [category],
						website: null,
						email: null,
						phone: null,
						addressStreet: clean(v.adresse),
						postcode: clean(v.code_postal),
						communeCode,
						point: position.point,
						status: 'published',
						sourceUpdatedAt: null,
						attributes: compact({
							nom_source: rawName !== name ? rawName : null,
							type_detail: clean(v.type_detail),
							secteur: clean(v.secteur),
							sector: sector?.sector ?? null,
							contract: sector?.contract ?? null,
							niveaux: levels,
							levels: [
								category === 'ecole' && v.niveau_maternelle === '1' ? 'maternelle' : null,
								category === 'ecole' && v.niveau_elementaire === '1' ? 'elementaire' : null
							].filter((l): l is string => l !== null),
							pathways: category === 'lycee' ? pathwaysOfNature(v.type_detail) : [],
							nature_uai: clean(v.nature_uai),
							qualite_geocodage: clean(v.geocodage_qualite),
							date_ouverture: clean(v.date_ouverture),
							annee_reference: clean(v.annee_reference),
							code_commune_source:
								clean(v.code_commune_source) !== communeCode ? clean(v.code_commune_source) : null
						})
					}
				};
			}
		);
	}
};
