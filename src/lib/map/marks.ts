/**
 * The performance mark set once the structures' clusters are first drawn on a map: read by
 * `npm run bench:map` (time from navigation start) and by the browser tests.
 */
export const CLUSTERS_DRAWN_MARK = 'cartonum:clusters-drawn';
