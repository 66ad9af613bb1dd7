/**
 * A revision: a proposed change to a structure — a creation, an update, a claim (« c’est ma
 * structure ») or a closure — moderated before it is published. « Demande » in the UI. This
 * folder holds its pure rules, shared by the browser and the server: the steps of its form,
 * field rules, schemas, statuses, and reading its forms.
 */
export { cleanLine, cleanText, isPhoneNumber, LIMITS, normalizeWebsite } from './fields';
export * from './form-data';
export * from './messages';
export * from './result';
export * from './schemas';
export * from './statuses';
export * from './steps';
