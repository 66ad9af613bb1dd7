import type { Importer } from '../run';
import { slugify } from '../slug';
import { clean, emails, isoDate, list, phone, website } from '../text';
import { compact, parseCsv, pointOf } from './common';

/**
 * The national « schéma des lieux de médiation numérique » (fields of
 * @gouvfr-anct/lieux-de-mediation-numerique), so that national files import too. Rows of the
 * MedNum BFC source carry the MedNum BFC ids: they complete the structures of the mednum
 * importer instead of duplicating them. Rows of other sources get their own dataset and an
 * `lmn` identifier made of the source and its id; rows outside the 8 départements are counted.
 *
 * Categories come from db/data/classification-rules.json (dataset `mednum-bfc-lmn`).
 *
 * `pivot` (SIRET or RNA of the operating organisation) is kept as an attribute, not as an
 * identifier: one organisation often runs several places.
 */

const DEPARTEMENTS = new Set(['21', '25', '39', '58', '70', '71', '89', '90']);

export const lmn: Importer = {
	key: 'lmn',
	runDataset: 'mednum-bfc-lmn',
	defaultFile: 'mediation/lieux-mediation-numerique-bfc.schema-lmn.csv',
	tolerance: 0,
	parse(file, { classify }) {
		return parseCsv(
			file,
			{
				delimiter: ',',
				required: [
					'id',
					'nom',
					'commune',
					'code_postal',
					'adresse',
					'latitude',
					'longitude',
					'source'
				]
			},
			({ values: v }) => {
				const id = clean(v.id) ?? '';
				const name = clean(v.nom);
				const inseeCode = clean(v.code_insee);
				const departement = (inseeCode ?? clean(v.code_postal) ?? '').slice(0, 2);
				if (!DEPARTEMENTS.has(departement))
					return { skip: 'Hors région Bourgogne-Franche-Comté (code INSEE ou postal)' };
				if (!id) return { reject: 'Identifiant absent', id, name: name ?? undefined };
				if (!name) return { reject: 'Nom absent', id };
				const position = pointOf(v.longitude, v.latitude);
				if ('problem' in position) return { reject: position.problem, id, name };
				const source = clean(v.source) ?? '';
				const bfc = slugify(source) === 'mednum-bfc';
				const identifier = bfc
					? { scheme: 'mednum-bfc', value: id }
					: { scheme: 'lmn', value: `${slugify(source) || 'source'}:${id}`.slice(0, 100) };
				const types = list(v.typologie).map((t) => t.toUpperCase());
				const classification = classify('mednum-bfc-lmn', {
					id,
					name,
					typology: types,
					labels: []
				});
				const mail = emails(v.courriels);
				const pivot = clean(v.pivot);
				return {
					record: {
						line: 0,
						datasetId: bfc ? 'mednum-bfc-lmn' : 'lieux-mediation-numerique',
						recordId: id,
						identifiers: [identifier],
						name,
						categories: classification.categories,
						rule: classification.rule,
						website: list(v.site_web).map(website).find(Boolean) ?? null,
						email: mail.first,
						phone: phone(v.telephone),
						addressStreet: clean(v.adresse),
						postcode: clean(v.code_postal),
						communeCode: inseeCode,
						point: position.point,
						status: 'published',
						sourceUpdatedAt: isoDate(v.date_maj),
						attributes: compact({
							type_lieu: classification.kind,
							typologie_schema: types,
							labels_nationaux: list(v.formations_labels),
							autres_labels: list(v.autres_formations_labels),
							modalites_accompagnement: list(v.modalites_accompagnement),
							// Columns of national files that the BFC projection does not fill.
							services: list(v.services),
							horaires_osm: clean(v.horaires),
							presentation: clean(v.presentation_resume),
							prise_rdv: website(v.prise_rdv),
							pivot: pivot && !/^0+$/.test(pivot) ? pivot : null,
							source: source || null,
							autres_courriels: mail.others
						})
					}
				};
			}
		);
	}
};
