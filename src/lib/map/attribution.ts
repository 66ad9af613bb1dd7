/**
 * Credits shown on every map (the licences require them; MedNum BFC data is ODbL). Trusted,
 * constant HTML: MapLibre's attribution control takes HTML strings.
 */
export const DATA_ATTRIBUTION = [
	'<a href="/sources">Sources</a> : IGN, INSEE, ministère de l’Éducation nationale, MESR (Licence Ouverte) ; MedNum BFC (ODbL)',
	'<a href="https://maplibre.org/">MapLibre</a>'
];
