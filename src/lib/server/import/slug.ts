import { fold } from './text';

const MAX_BASE_LENGTH = 80;

export function slugify(text: string): string {
	return fold(text)
		.replace(/['’]/g, '-')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
}

/**
 * A readable slug: the name, followed by the commune unless the name already says it
 * (`college-victor-hugo-besancon`). Cut at a word boundary to stay short.
 */
export function baseSlug(name: string, commune: string | null): string {
	const named = slugify(name);
	const place = commune ? slugify(commune) : '';
	const full = place && !`-${named}-`.includes(`-${place}-`) ? `${named}-${place}` : named;
	if (full.length <= MAX_BASE_LENGTH) return full || 'structure';
	return full.slice(0, MAX_BASE_LENGTH).replace(/-[^-]*$/, '');
}

/** The base slug made unique by the structure's identifier (`ecole-primaire-publique-abbevillers-0250096u`). */
export function disambiguatedSlug(base: string, identifier: string): string {
	return `${base}-${slugify(identifier)}`;
}
