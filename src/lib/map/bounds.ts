import type { FeatureCollection, Geometry, Position } from 'geojson';
import type { LonLatBounds } from './style';

/** The [west, south, east, north] box around geometries, or null when they hold no position. */
export function boundsOf(geometries: (Geometry | null | undefined)[]): LonLatBounds | null {
	let box: LonLatBounds | null = null;
	const add = ([lon, lat]: Position) => {
		if (lon === undefined || lat === undefined) return;
		box = box
			? [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)]
			: [lon, lat, lon, lat];
	};
	const walk = (geometry: Geometry | null | undefined) => {
		if (!geometry) return;
		switch (geometry.type) {
			case 'Point':
				return add(geometry.coordinates);
			case 'MultiPoint':
			case 'LineString':
				return geometry.coordinates.forEach(add);
			case 'MultiLineString':
			case 'Polygon':
				return geometry.coordinates.forEach((part) => part.forEach(add));
			case 'MultiPolygon':
				return geometry.coordinates.forEach((p) => p.forEach((ring) => ring.forEach(add)));
			case 'GeometryCollection':
				return geometry.geometries.forEach(walk);
		}
	};
	geometries.forEach(walk);
	return box;
}

/**
 * A box worth fitting a map to: a single point (or a few metres) is widened so that the map
 * shows its surroundings instead of zooming to the maximum.
 */
export function padBounds(box: LonLatBounds, minSpan = 0.02): LonLatBounds {
	const [west, south, east, north] = box;
	const padLon = Math.max(0, (minSpan - (east - west)) / 2);
	const padLat = Math.max(0, (minSpan - (north - south)) / 2);
	return [west - padLon, south - padLat, east + padLon, north + padLat];
}

/** The box a map fits to show an outline and features (padded), or null when both are empty. */
export function extentOf(
	outline: Geometry | null | undefined,
	features?: FeatureCollection | null
): LonLatBounds | null {
	const box = boundsOf([outline, ...(features?.features.map((f) => f.geometry) ?? [])]);
	return box ? padBounds(box) : null;
}
