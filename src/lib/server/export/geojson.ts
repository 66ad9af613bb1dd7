import type { Feature, FeatureCollection, Point } from 'geojson';

/** The fields of a structure that are public anyway (on its page and in the public API). */
export interface PublicStructureFields {
	id: string;
	slug: string;
	name: string;
	categories: string[];
	commune: { code: string; name: string } | null;
	address: { street: string | null; postcode: string | null };
	website: string | null;
	email: string | null;
	phone: string | null;
	geometry: Point;
	location_precision: 'exact' | 'approximate';
}

/**
 * Structures as GeoJSON with their public fields only. Fields are copied one by one, never
 * spread, so that contacts or any staff-only field added to the input later stay out.
 */
export function structuresToGeoJson(
	structures: Iterable<PublicStructureFields>,
	baseUrl: string
): FeatureCollection<Point> {
	const features: Feature<Point>[] = [];
	for (const s of structures) {
		features.push({
			type: 'Feature',
			id: s.id,
			geometry: {
				type: 'Point',
				coordinates: [s.geometry.coordinates[0]!, s.geometry.coordinates[1]!]
			},
			properties: {
				id: s.id,
				slug: s.slug,
				name: s.name,
				categories: s.categories,
				commune_code: s.commune?.code ?? null,
				commune: s.commune?.name ?? null,
				address: s.address.street,
				postcode: s.address.postcode,
				website: s.website,
				email: s.email,
				phone: s.phone,
				location_precision: s.location_precision,
				url: `${baseUrl}/structures/${encodeURIComponent(s.slug)}`
			}
		});
	}
	return { type: 'FeatureCollection', features };
}
