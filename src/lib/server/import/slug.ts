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
 * (`college-victor-hugo-besancon`). Long names are cut at a word boundary, the commune kept.
 */
export function baseSlug(name: string, commune: string | null): string {
	const named = slugify(name) || 'structure';
	const place = commune && !`-${named}-`.includes(`-${slugify(commune)}-`) ? slugify(commune) : '';
	const room = MAX_BASE_LENGTH - (place ? place.length + 1 : 0);
	const short = named.length <= room ? named : named.slice(0, room + 1).replace(/-[^-]*$/, '');
	return place ? `${short}-${place}` : short;
}

/** The base slug made unique by the structure's identifier (`ecole-primaire-publique-abbevillers-0250096u`). */
export function disambiguatedSlug(base: string, identifier: string): string {
	return `${base}-${slugify(identifier)}`;
}
