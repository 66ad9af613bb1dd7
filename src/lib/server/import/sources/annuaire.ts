import type { CategoryCode } from '../../../domain/categories';
import { priorityOf, sectorOf } from '../../../domain/school-facts';
import { REGION_INSEE_CODE } from '../../../domain/territory-code';
import { readableLabel, readableName, SCHOOL_TYPE_WORDS } from '../names';
import type { Importer } from '../run';
import { clean, emails, fold, isoDate, phone, uaiProblem, website } from '../text';
import type { ImportedStatus } from '../types';
import { compact, parseCsv, pointOf } from './common';

/**
 * The Annuaire de l'éducation (MEN, fr-en-annuaire-education) in its official export layout:
 * 71 columns separated by « ; ». The extract shipped in db/data and the full national or
 * regional file import with the same code; rows outside the région are counted, not imported.
 */

export const ANNUAIRE_COLUMNS = [
	'Identifiant_de_l_etablissement',
	'Nom_etablissement',
	'Type_etablissement',
	'Statut_public_prive',
	'Adresse_1',
	'Adresse_2',
	'Adresse_3',
	'Code_postal',
	'Code_commune',
	'Nom_commune',
	'Code_departement',
	'Code_academie',
	'Code_region',
	'Ecole_maternelle',
	'Ecole_elementaire',
	'Voie_generale',
	'Voie_technologique',
	'Voie_professionnelle',
	'Telephone',
	'Fax',
	'Web',
	'Mail',
	'Restauration',
	'Hebergement',
	'ULIS',
	'Apprentissage',
	'Segpa',
	'Section_arts',
	'Section_cinema',
	'Section_theatre',
	'Section_sport',
	'Section_internationale',
	'Section_europeenne',
	'Lycee_Agricole',
	'Lycee_militaire',
	'Lycee_des_metiers',
	'Post_BAC',
	'Appartenance_Education_Prioritaire',
	'GRETA',
	'SIREN_SIRET',
	'Fiche_onisep',
	'position',
	'Type_contrat_prive',
	'Libelle_departement',
	'Libelle_academie',
	'Libelle_region',
	'coordX_origine',
	'coordY_origine',
	'epsg_origine',
	'nom_circonscription',
	'latitude',
	'longitude',
	'precision_localisation',
	'date_ouverture',
	'date_maj_ligne',
	'etat',
	'ministere_tutelle',
	'multi_uai',
	'rpi_concentre',
	'rpi_disperse',
	'code_nature',
	'libelle_nature',
	'Code_type_contrat_prive',
	'PIAL',
	'etablissement_mere',
	'type_rattachement_etablissement_mere',
	'code_circonscription',
	'code_zone_animation_pedagogique',
	'libelle_zone_animation_pedagogique',
	'code_bassin_formation',
	'libelle_bassin_formation'
];

/** Type_etablissement (folded) → categories, primary first. */
const TYPES: Record<string, CategoryCode[]> = {
	ecole: ['ecole'],
	college: ['college'],
	lycee: ['lycee'],
	// Établissements régionaux d'enseignement adapté: secondary pupils of collège and lycée age.
	erea: ['lycee', 'college']
};

/** Types that are not places where pupils are taught by the MEN: listed rejects. */
const OUT_OF_SCOPE: Record<string, string> = {
	'service administratif': 'service administratif, sans élèves',
	'information et orientation': 'centre d’information et d’orientation, sans élèves',
	'medico-social': 'établissement médico-social, hors Éducation nationale',
	autre: 'type « Autre », non rattachable à une catégorie'
};

const SECTIONS: [string, string][] = [
	['Section_arts', 'arts'],
	['Section_cinema', 'cinéma'],
	['Section_theatre', 'théâtre'],
	['Section_sport', 'sport'],
	['Section_internationale', 'internationale'],
	['Section_europeenne', 'européenne']
];

export const annuaire: Importer = {
	key: 'annuaire',
	runDataset: 'annuaire-education',
	defaultFile: 'schools/annuaire-education-extrait-bfc.csv',
	tolerance: 1000,
	parse(file, { communes, accents }) {
		let unusableSiret = 0;
		let example = '';
		const result = parseCsv(
			file,
			{ delimiter: ';', required: ANNUAIRE_COLUMNS },
			({ values: v }) => {
				if (clean(v.Code_region) !== REGION_INSEE_CODE)
					return { skip: 'Hors région Bourgogne-Franche-Comté (Code_region différent de 27)' };
				const uai = clean(v.Identifiant_de_l_etablissement)?.toUpperCase() ?? null;
				const rawName = clean(v.Nom_etablissement);
				const id = uai ?? '';
				const problem = uaiProblem(uai);
				if (problem) return { reject: problem, id, name: rawName ?? undefined };
				if (!rawName) return { reject: 'Nom absent', id };
				const type = clean(v.Type_etablissement) ?? '';
				const outOfScope = OUT_OF_SCOPE[fold(type)];
				if (outOfScope)
					return {
						reject: `Type d’établissement hors du périmètre (« ${type} ») : ${outOfScope}`,
						id,
						name: rawName
					};
				const categories = TYPES[fold(type)];
				if (!categories)
					return { reject: `Type d’établissement inconnu (« ${type} »)`, id, name: rawName };
				const position = pointOf(v.longitude, v.latitude);
				if ('problem' in position) return { reject: position.problem, id, name: rawName };

				const siret = clean(v.SIREN_SIRET);
				if (siret && !/^\d{14}$/.test(siret)) {
					unusableSiret++;
					example ||= siret;
				}
				const communeCode = clean(v.Code_commune);
				const commune = communes.get(communeCode)?.name ?? clean(v.Nom_commune);
				const name = readableName(rawName, { typeWords: SCHOOL_TYPE_WORDS, commune, accents });
				const flagged = (column: string) => v[column] === '1';
				const etat = clean(v.etat);
				const status: ImportedStatus = fold(etat ?? '') === 'ferme' ? 'closed' : 'published';
				const contract = clean(v.Type_contrat_prive);
				const mail = emails(v.Mail);
				return {
					record: {
						line: 0,
						datasetId: 'annuaire-education',
						recordId: uai!,
						identifiers: [{ scheme: 'uai', value: uai! }],
						name,
						categories,
						website: website(v.Web),
						email: mail.first,
						phone: phone(v.Telephone),
						addressStreet:
							[clean(v.Adresse_1), clean(v.Adresse_2)].filter(Boolean).join(', ') || null,
						postcode: clean(v.Code_postal),
						communeCode,
						point: position.point,
						status,
						sourceUpdatedAt: isoDate(v.date_maj_ligne),
						attributes: compact({
							nom_source: rawName !== name ? rawName : null,
							type_etablissement: type,
							type_detail: clean(v.libelle_nature) ? readableLabel(v.libelle_nature!) : null,
							code_nature: clean(v.code_nature),
							secteur: clean(v.Statut_public_prive),
							contrat_prive: contract && fold(contract) !== 'sans objet' ? contract : null,
							sector: sectorOf(v.Statut_public_prive)?.sector ?? null,
							contract:
								contract && fold(contract) !== 'sans objet'
									? fold(contract)
									: (sectorOf(v.Statut_public_prive)?.contract ?? null),
							levels: [
								flagged('Ecole_maternelle') ? 'maternelle' : null,
								flagged('Ecole_elementaire') ? 'elementaire' : null
							].filter((l): l is string => l !== null),
							pathways: [
								flagged('Voie_generale') ? 'generale' : null,
								flagged('Voie_technologique') ? 'technologique' : null,
								flagged('Voie_professionnelle') ? 'professionnelle' : null
							].filter((l): l is string => l !== null),
							priority: priorityOf(v.Appartenance_Education_Prioritaire),
							niveaux: [
								flagged('Ecole_maternelle') ? 'maternelle' : null,
								flagged('Ecole_elementaire') ? 'élémentaire' : null
							].filter((l): l is string => l !== null),
							voies: [
								flagged('Voie_generale') ? 'générale' : null,
								flagged('Voie_technologique') ? 'technologique' : null,
								flagged('Voie_professionnelle') ? 'professionnelle' : null
							].filter((l): l is string => l !== null),
							sections: SECTIONS.filter(([column]) => flagged(column)).map(([, label]) => label),
							restauration: flagged('Restauration') || null,
							hebergement: flagged('Hebergement') || null,
							ulis: flagged('ULIS') || null,
							segpa: flagged('Segpa') || null,
							apprentissage: flagged('Apprentissage') || null,
							lycee_agricole: flagged('Lycee_Agricole') || null,
							lycee_militaire: flagged('Lycee_militaire') || null,
							lycee_des_metiers: flagged('Lycee_des_metiers') || null,
							post_bac: flagged('Post_BAC') || null,
							greta: flagged('GRETA') || null,
							education_prioritaire: clean(v.Appartenance_Education_Prioritaire),
							fiche_onisep: website(v.Fiche_onisep),
							circonscription: clean(v.nom_circonscription),
							bassin_formation: clean(v.libelle_bassin_formation),
							pial: clean(v.PIAL),
							etat,
							date_ouverture: isoDate(v.date_ouverture),
							ministere_tutelle: clean(v.ministere_tutelle),
							precision_localisation: clean(v.precision_localisation),
							siren_siret: siret && /^\d{14}$/.test(siret) ? siret : null,
							autres_courriels: mail.others
						})
					}
				};
			}
		);
		if (unusableSiret)
			result.warnings.unshift({
				line: 0,
				record: '',
				message: `SIREN_SIRET inutilisable sur ${unusableSiret} ligne(s) : la source l’écrit en notation scientifique (ex. « ${example} »), les chiffres sont perdus ; il n’est enregistré ni comme SIRET ni en attribut.`
			});
		return result;
	}
};
