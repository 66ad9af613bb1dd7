/**
 * The staff tool « Trouver des contacts »: structures and their contacts in an area (a stored
 * territory, a radius or a drawn polygon), the nearest ones per category, coverage gaps and
 * exports. Routes guard with `requireRole(locals, 'moderator')`, then audit and rate-limit.
 */
export { REGION, resolveArea, type ContactQuery, type ResolvedArea } from './area';
export { record } from './audit';
export { coverage, MAX_COVERAGE_KM, type Coverage, type UncoveredCommune } from './coverage';
export {
	allPages,
	EXPORT_FORMATS,
	exportLayout,
	exportParts,
	isExportFormat,
	type ExportFormat
} from './export';
export { checkLimit, LIMITS } from './limits';
export {
	count,
	DEFAULT_ROWS,
	list,
	MAX_ROWS,
	summarise,
	type ContactPage,
	type ContactSummary,
	type ListOptions,
	type Viewer
} from './list';
export { locate, type Located, type Place } from './locate';
export { lookUp, type LookUp } from './look-up';
export {
	MAX_NEAREST_PER_CATEGORY,
	nearestByCategory,
	type NearbyContact,
	type NearestByCategory
} from './nearest';
export { reachability, type Reachability } from './reachability';
export type { Contact, ContactStructure } from './types';
