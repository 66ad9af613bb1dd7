import type { Importer } from '../run';
import { clean, emails, flag, isoDate, list, phone, website } from '../text';
import type { Json } from '../types';
import { compact, parseCsv, pointOf } from './common';

/**
 * MedNum BFC census of digital-mediation places and tiers-lieux (ODbL).
 *
 * Categories come from db/data/classification-rules.json (typology codes, labels and name
 * patterns, each rule with its justification); the rule and the kind of place are kept in
 * the attributes and counted in the import report. A row without typology is reported.
 *
 * Coordinates: 45 rows are flagged `coord_incoherente_commune` (the point lies outside the
 * commune of the address, shifted to the next row's place in runs of rows). The address is
 * the more reliable of the two, so any such mismatch places the structure at its commune,
 * marked approximate (tolerance 0), and is reported; the published coordinates are kept in
 * the attributes.
 */

const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export const mednum: Importer = {
	key: 'mednum',
	runDataset: 'mednum-bfc',
	defaultFile: 'mediation/lieux-mediation-numerique-tiers-lieux-bfc.csv',
	tolerance: 0,
	parse(file, { classify }) {
		return parseCsv(
			file,
			{
				delimiter: ',',
				required: ['id', 'nom', 'code_insee', 'latitude', 'longitude', 'code_typo']
			},
			({ values: v }) => {
				const id = clean(v.id) ?? '';
				const name = clean(v.nom);
				if (!id) return { reject: 'Identifiant absent', id, name: name ?? undefined };
				if (!name) return { reject: 'Nom absent', id };
				const position = pointOf(v.longitude, v.latitude);
				if ('problem' in position) return { reject: position.problem, id, name };
				const codes = list(v.code_typo, /\s*-\s*/).map((c) => c.toUpperCase());
				const classification = classify('mednum-bfc', {
					id,
					name,
					typology: codes,
					labels: list(v.code_label, /\s*-\s*/)
				});
				const mail = emails(v.courriel);
				const incoherent = flag(v.coord_incoherente_commune) === true;
				return {
					record: {
						line: 0,
						datasetId: 'mednum-bfc',
						recordId: id,
						identifiers: [{ scheme: 'mednum-bfc', value: id }],
						name,
						categories: classification.categories,
						rule: classification.rule,
						website: website(v.site_web),
						email: mail.first,
						phone: phone(v.telephone),
						addressStreet: clean(v.adresse),
						postcode: clean(v.code_postal),
						communeCode: clean(v.code_insee),
						point: position.point,
						status: 'published',
						sourceUpdatedAt: isoDate(v.date_maj),
						attributes: compact({
							type_lieu: classification.kind,
							typologie: list(v.typologie_libelles),
							code_typo: clean(v.code_typo),
							labels: list(v.labels_libelles),
							accompagnement: list(v.accompagnement_libelles),
							horaires: openingHours(v),
							commune_source: clean(v.commune),
							coord_incoherente_commune: incoherent || null,
							coordonnees_source:
								incoherent && position.point
									? { longitude: position.point.lon, latitude: position.point.lat }
									: null,
							autres_courriels: mail.others
						})
					},
					warnings:
						codes.length === 0
							? [`Typologie absente : classé selon la règle « ${classification.rule} ».`]
							: []
				};
			}
		);
	}
};

/** { lundi: { matin: '9h-12h', apres_midi: '14h-17h' }, … } without the empty slots. */
function openingHours(v: Record<string, string>): Json {
	const hours: Record<string, Json> = {};
	for (const day of DAYS) {
		const slots = compact({
			matin: clean(v[`horaires_${day}_matin`]),
			apres_midi: clean(v[`horaires_${day}_apres_midi`])
		});
		if (Object.keys(slots).length) hours[day] = slots;
	}
	return hours;
}
