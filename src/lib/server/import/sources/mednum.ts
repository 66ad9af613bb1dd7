import type { CategoryCode } from '../../../domain/categories';
import type { Importer } from '../run';
import { clean, emails, flag, isoDate, list, phone, website } from '../text';
import type { Json } from '../types';
import { compact, parseCsv, pointOf } from './common';

/**
 * MedNum BFC census of digital-mediation places and tiers-lieux (ODbL).
 *
 * Categories follow the file's flags: `est_mediation_numerique` → mediation-numerique,
 * `est_fablab_ou_tiers_lieu` → fablab-tiers-lieu, the primary one being the first in the
 * source's `code_typo`. Rows with neither flag: typology T (« Lieux de travail et de
 * collaboration », i.e. coworking) is a tiers-lieu; a lowercase or empty typology is read as
 * a mediation place, the census' subject (empty ones are reported).
 *
 * Coordinates: 45 rows are flagged `coord_incoherente_commune` (the point lies outside the
 * commune of the address, shifted to the next row's place in runs of rows). The address is
 * the more reliable of the two, so any such mismatch places the structure at its commune,
 * marked approximate (tolerance 0), and is reported; the published coordinates are kept in
 * the attributes.
 */

const MEDIATION_CODES = new Set(['M', 'I', 'O']);
const FABLAB_CODES = new Set(['F', 'TL', 'FTL', 'T']);
const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

export const mednum: Importer = {
	key: 'mednum',
	runDataset: 'mednum-bfc',
	defaultFile: 'mediation/lieux-mediation-numerique-tiers-lieux-bfc.csv',
	tolerance: 0,
	parse(file) {
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
				const categories = categoriesOf(codes, v);
				const mail = emails(v.courriel);
				const incoherent = flag(v.coord_incoherente_commune) === true;
				return {
					record: {
						line: 0,
						datasetId: 'mednum-bfc',
						recordId: id,
						identifiers: [{ scheme: 'mednum-bfc', value: id }],
						name,
						categories,
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
						codes.length === 0 ? ['Typologie absente : classé lieu de médiation numérique.'] : []
				};
			}
		);
	}
};

function categoriesOf(codes: string[], v: Record<string, string>): CategoryCode[] {
	const mediation = flag(v.est_mediation_numerique) === true;
	const fablab = flag(v.est_fablab_ou_tiers_lieu) === true;
	const ordered: CategoryCode[] = [];
	for (const code of codes) {
		if (MEDIATION_CODES.has(code) && (mediation || !fablab)) ordered.push('mediation-numerique');
		if (FABLAB_CODES.has(code) && (fablab || !mediation)) ordered.push('fablab-tiers-lieu');
	}
	if (mediation) ordered.push('mediation-numerique');
	if (fablab) ordered.push('fablab-tiers-lieu');
	if (ordered.length === 0) ordered.push('mediation-numerique');
	return [...new Set(ordered)];
}

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
