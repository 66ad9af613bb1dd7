import { fold } from './fold';

/**
 * The street part of an address typed in one field (« 12 rue des Arènes Dole »), once the
 * place a geocoder suggested is known (« 39100 Dole »): what remains after taking out the
 * commune's name and the postcode. A geocoder that knows only communes must not erase the
 * number and street the person typed.
 */

/** Lower case, without accents, hyphens and apostrophes as spaces (« Lons-le-Saunier » = « lons le saunier »). */
function folded(text: string): string {
	return fold(text).replace(/[-'’]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function streetFromTyped(
	typed: string,
	place: { communeName: string; postcode?: string | null }
): string {
	const tokens = typed.split(/[\s,;]+/).filter(Boolean);
	const commune = folded(place.communeName);
	const keep = tokens.map(() => true);
	// The last mention of the commune's name (a street may bear another town's name first).
	search: for (let end = tokens.length; end > 0; end--) {
		for (let start = end - 1; start >= 0; start--) {
			const words = folded(tokens.slice(start, end).join(' '));
			if (words === commune) {
				for (let i = start; i < end; i++) keep[i] = false;
				break search;
			}
			if (words.length > commune.length) break;
		}
	}
	const postcode = place.postcode?.trim();
	return tokens
		.filter((token, i) => keep[i] && !(/^\d{5}$/.test(token) && (!postcode || token === postcode)))
		.filter((token) => !/^cedex$/i.test(token))
		.join(' ')
		.trim();
}
