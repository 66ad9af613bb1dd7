import { fold } from '../domain/fold';
import { readableText } from './attribute-values';

/**
 * The dataset-specific facts of a structure (`attributes`), turned into labelled rows for its
 * page. Known keys get a French label; keys used elsewhere on the page or internal to the
 * import are left out; unknown keys still show, with a label made from the key.
 */
type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type AttributeValue = { text: string } | { href: string; text: string };

export interface AttributeRow {
	key: string;
	label: string;
	value: AttributeValue;
}

export interface OpeningHoursRow {
	day: string;
	morning: string;
	afternoon: string;
}

const LABELS: Record<string, string> = {
	type_etablissement: 'Type d’établissement',
	type_lieu: 'Type de lieu',
	type_detail: 'Type',
	type: 'Type',
	type_structure: 'Type de structure',
	typologie: 'Typologie',
	typologie_schema: 'Typologie (schéma national)',
	secteur: 'Secteur',
	contrat_prive: 'Contrat',
	niveaux: 'Niveaux',
	voies: 'Voies',
	sections: 'Sections',
	education_prioritaire: 'Éducation prioritaire',
	circonscription: 'Circonscription',
	bassin_formation: 'Bassin de formation',
	pial: 'PIAL',
	etat: 'État',
	ministere_tutelle: 'Ministère de tutelle',
	precision_localisation: 'Précision de la localisation (source)',
	identifiants_source_fusionnes: 'Autres identifiants dans la source (même lieu)',
	sigle: 'Sigle',
	nom_court: 'Nom court',
	labels: 'Labels',
	labels_nationaux: 'Labels nationaux',
	autres_labels: 'Autres labels',
	accompagnement: 'Accompagnement proposé',
	modalites_accompagnement: 'Modalités d’accompagnement',
	tutelles: 'Tutelles',
	sigles_tutelles: 'Sigles des tutelles',
	uai_tutelles: 'UAI des tutelles',
	domaines: 'Domaines scientifiques',
	date_ouverture: 'Date d’ouverture',
	date_creation: 'Date de création',
	annee_creation: 'Année de création',
	annee_reference: 'Année des données',
	restauration: 'Restauration',
	hebergement: 'Hébergement',
	ulis: 'ULIS',
	segpa: 'SEGPA',
	apprentissage: 'Apprentissage',
	lycee_agricole: 'Lycée agricole',
	lycee_militaire: 'Lycée militaire',
	lycee_des_metiers: 'Lycée des métiers',
	post_bac: 'Formations post-bac',
	greta: 'GRETA',
	fiche_onisep: 'Fiche ONISEP',
	autres_courriels: 'Autres courriels',
	nom_source: 'Nom dans la source',
	commune_source: 'Commune indiquée par la source',
	code_commune_source: 'Code commune dans la source',
	nature_uai: 'Code nature',
	code_nature: 'Code nature',
	qualite_geocodage: 'Qualité du géocodage (source)',
	pivot: 'SIRET (schéma national)'
};

/** Shown elsewhere on the page (hours, location, RNSR link, notice) or internal to the import. */
const HIDDEN = new Set([
	'horaires',
	'coord_incoherente_commune',
	'coordonnees_source',
	'fiche_rnsr',
	'note',
	'code_typo',
	'dans_fichier_2025',
	'dans_fichier_2023',
	// Normalised copies of facts shown in the source's own words (secteur, niveaux, voies…),
	// kept for the filters.
	'sector',
	'contract',
	'levels',
	'pathways',
	'priority',
	// The national-schema copy names its source, which the page already credits.
	'source',
	// The source's spelling of the name shown above, in its capitals.
	'nom_source',
	// Codes and identifiers a reader cannot use: the PIAL's and the tutelles' UAI, the
	// nature code (its words are the type), the INSEE code (the commune is shown).
	'pial',
	'uai_tutelles',
	'sigles_tutelles',
	'nature_uai',
	'code_nature',
	'code_commune_source'
]);

const LINK_TEXT: Record<string, string> = {
	fiche_onisep: 'Consulter la fiche ONISEP'
};

const DAYS: [string, string][] = [
	['lundi', 'Lundi'],
	['mardi', 'Mardi'],
	['mercredi', 'Mercredi'],
	['jeudi', 'Jeudi'],
	['vendredi', 'Vendredi'],
	['samedi', 'Samedi'],
	['dimanche', 'Dimanche']
];

export function attributeLabel(key: string): string {
	const known = LABELS[key];
	if (known) return known;
	const words = key.replace(/_/g, ' ').trim();
	return words.charAt(0).toUpperCase() + words.slice(1);
}

function isHttpUrl(text: string): boolean {
	return /^https?:\/\/[^\s]+$/i.test(text);
}

function formatValue(key: string, value: Json): AttributeValue | null {
	if (value === null || value === '' || value === false) return null;
	if (value === true) return { text: 'Oui' };
	if (typeof value === 'number') return { text: value.toLocaleString('fr-FR') };
	if (typeof value === 'string') {
		if (isHttpUrl(value)) return { href: value, text: LINK_TEXT[key] ?? value };
		const text = readableText(key, value);
		return text ? { text } : null;
	}
	if (Array.isArray(value)) {
		const items = value.flatMap((v) => {
			if (typeof v === 'number') return [v.toLocaleString('fr-FR')];
			const text = typeof v === 'string' ? readableText(key, v) : null;
			return text ? [text] : [];
		});
		return items.length ? { text: items.join(', ') } : null;
	}
	return null;
}

/**
 * Case, accents, hyphens, spaces and a trailing CEDEX aside: « SAVIGNY-LES-BEAUNE » ≈
 * « Savigny-lès-Beaune », « DIJON CEDEX » ≈ « Dijon ».
 */
function sameName(a: string, b: string): boolean {
	const letters = (text: string) => fold(text).replace(/[^a-z0-9]+/g, '');
	const withoutCedex = (text: string) => text.replace(/\s+cedex(\s+\d+)?\s*$/i, '');
	return letters(withoutCedex(a)) === letters(withoutCedex(b));
}

/**
 * Labelled rows for the attributes worth showing, in the order of the label dictionary. The
 * commune as written by the source shows only when it differs from the structure's commune.
 */
export function describeAttributes(
	attributes: Record<string, unknown>,
	communeName: string | null = null
): AttributeRow[] {
	const keys = Object.keys(attributes).filter(
		(key) =>
			!HIDDEN.has(key) &&
			!(
				key === 'commune_source' &&
				communeName &&
				typeof attributes[key] === 'string' &&
				sameName(attributes[key] as string, communeName)
			)
	);
	const known = Object.keys(LABELS);
	const rank = (key: string) => {
		const index = known.indexOf(key);
		return index < 0 ? known.length : index;
	};
	return keys
		.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
		.flatMap((key) => {
			const value = formatValue(key, attributes[key] as Json);
			return value ? [{ key, label: attributeLabel(key), value }] : [];
		});
}

/** Opening hours as one row per day that has any, or null when the source gave none. */
export function openingHours(attributes: Record<string, unknown>): OpeningHoursRow[] | null {
	const hours = attributes.horaires;
	if (!hours || typeof hours !== 'object' || Array.isArray(hours)) return null;
	const byDay = hours as Record<string, { matin?: unknown; apres_midi?: unknown } | undefined>;
	const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : '');
	const rows = DAYS.flatMap(([code, day]) => {
		const slots = byDay[code];
		if (!slots) return [];
		const morning = text(slots.matin);
		const afternoon = text(slots.apres_midi);
		return morning || afternoon ? [{ day, morning, afternoon }] : [];
	});
	return rows.length ? rows : null;
}
