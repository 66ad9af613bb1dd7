/**
 * Credits shown on every map (the licences require them; MedNum BFC data is ODbL).
 * Trusted, constant HTML: MapLibre's attribution control takes HTML strings.
 */
export const DATA_ATTRIBUTION = [
	'Limites : <a href="/sources">IGN Admin Express, INSEE</a> (Licence Ouverte)',
	'Établissements : <a href="/sources">ministère de l’Éducation nationale, MESR</a> (Licence Ouverte)',
	'Lieux de médiation numérique : <a href="/sources">MedNum BFC</a> (ODbL)',
	'<a href="https://maplibre.org/">MapLibre</a>'
];
