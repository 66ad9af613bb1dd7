import type { DraftPayload } from './schemas';

/**
 * The five steps of the form of a creation or an update, in order: their URL slug (French),
 * their key in the payload, and their title.
 */

export const STEPS = [
	{ slug: 'identite', key: 'identity', title: 'Identité de la structure' },
	{ slug: 'identifiants', key: 'identifiers', title: 'Identifiants officiels' },
	{ slug: 'adresse', key: 'location', title: 'Adresse et position' },
	{ slug: 'programmes', key: 'programmes', title: 'Programmes de la feuille de route' },
	{ slug: 'contacts', key: 'contacts', title: 'Contacts' }
] as const;

export type Step = (typeof STEPS)[number];
export type StepSlug = Step['slug'];
export type StepKey = Step['key'];

export function stepBySlug(slug: string): Step | undefined {
	return STEPS.find((s) => s.slug === slug);
}

/** The steps a draft still lacks, in order. */
export function missingSteps(payload: DraftPayload): Step[] {
	return STEPS.filter((step) => payload[step.key] === undefined);
}

/** The slugs of the steps a draft has filled. */
export function doneSteps(payload: DraftPayload): StepSlug[] {
	return STEPS.filter((step) => payload[step.key] !== undefined).map((step) => step.slug);
}

/** The step after `slug`, or null after the last one (the page that sends the revision). */
export function stepAfter(slug: string): Step | null {
	const index = STEPS.findIndex((s) => s.slug === slug);
	return STEPS[index + 1] ?? null;
}

/** The step whose form shows the field at `path` (e.g. `identifiers.uai` → identifiers). */
export function stepOfPath(path: string): Step | undefined {
	const key = path.split('.')[0];
	return STEPS.find((s) => s.key === key);
}
