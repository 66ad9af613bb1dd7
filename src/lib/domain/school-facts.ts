import { fold } from './fold';

/**
 * The facts people filter schools by, as normalised values stored in a structure's attributes
 * (`sector`, `contract`, `levels`, `pathways`, `priority`) and used as API and UI parameters
 * (`sector=`, `level=`, `pathway=`, `priority=`). Labels are French, codes stable.
 */

export const SECTORS = [
	{ code: 'public', label: 'Public' },
	{ code: 'private', label: 'Privé' }
] as const;

export const LEVELS = [
	{ code: 'maternelle', label: 'Maternelle' },
	{ code: 'elementaire', label: 'Élémentaire' }
] as const;

export const PATHWAYS = [
	{ code: 'generale', label: 'Voie générale' },
	{ code: 'technologique', label: 'Voie technologique' },
	{ code: 'professionnelle', label: 'Voie professionnelle' }
] as const;

export const PRIORITIES = [
	{ code: 'rep', label: 'REP' },
	{ code: 'rep-plus', label: 'REP+' }
] as const;

export type Sector = (typeof SECTORS)[number]['code'];
export type Level = (typeof LEVELS)[number]['code'];
export type Pathway = (typeof PATHWAYS)[number]['code'];
export type Priority = (typeof PRIORITIES)[number]['code'];

const folded = (text: string) => fold(text).trim();

/** « Public », « Privé », « Privé sous contrat » → sector and, when said, the contract. */
export function sectorOf(
	value: string | null | undefined
): { sector: Sector; contract: string | null } | null {
	const text = folded(value ?? '');
	if (text.startsWith('public')) return { sector: 'public', contract: null };
	if (text.startsWith('prive')) {
		const contract = text.replace(/^prive\s*/, '').trim();
		return { sector: 'private', contract: contract || null };
	}
	return null;
}

/** Annuaire `Appartenance_Education_Prioritaire`: « REP », « REP+ ». */
export function priorityOf(value: string | null | undefined): Priority | null {
	const text = folded(value ?? '').replace(/\s+/g, '');
	if (text === 'rep+' || text === 'repplus' || text === 'rep-plus') return 'rep-plus';
	if (text === 'rep') return 'rep';
	return null;
}

/**
 * Pathways of a lycée from its nature as the schools file names it: a LEGT teaches the
 * general and technological pathways, a LP the professional one, a LPO (lycée polyvalent)
 * all three.
 */
export function pathwaysOfNature(typeDetail: string | null | undefined): Pathway[] {
	const text = folded(typeDetail ?? '');
	if (text.includes('(lpo)') || text.includes('polyvalent'))
		return ['generale', 'technologique', 'professionnelle'];
	if (text.includes('(legt)') || text.includes('general et technologique'))
		return ['generale', 'technologique'];
	if (text.includes('(lp)') || text.includes('professionnel')) return ['professionnelle'];
	return [];
}

export function sectorLabel(code: string | null | undefined): string | null {
	return SECTORS.find((s) => s.code === code)?.label ?? null;
}
