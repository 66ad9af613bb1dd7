import {
	identitySchema,
	placedLocationSchema,
	toFormValues,
	type DraftPayload,
	type FormValues,
	type LocationInput,
	type Step,
	type StepKey
} from '../../domain/revisions';
import * as duplicates from '../duplicates';
import * as programmes from '../programmes';
import { locate } from './location';
import type { Revision } from './types';

/**
 * What the step pages of a revision need beyond the stored values, and the server side of the
 * address step.
 */

export function formValues(step: Step, payload: DraftPayload): FormValues {
	return toFormValues(step.key, payload);
}

export async function programmeChoices() {
	return (await programmes.list()).map((p) => ({
		number: p.number,
		title: p.title,
		axisTitle: p.axis.title
	}));
}

/** The structure already on the map with this revision's UAI, when it is a new registration. */
export async function uaiMatch(revision: Revision) {
	const uai = (revision.payload as DraftPayload).identifiers?.uai;
	if (revision.kind !== 'create' || !uai) return null;
	const found = await duplicates.prefillFromUai(uai);
	return found
		? { id: found.id, slug: found.slug, name: found.name, commune: found.communeName }
		: null;
}

/**
 * The address step: the pin is kept when it was placed by hand (or from a chosen suggestion),
 * or when the address is the one it was placed for; otherwise the typed address is geocoded
 * (a form sent without JavaScript, or an address changed without moving the pin).
 */
export function locateStep(input: LocationInput, pin: string, stored: DraftPayload['location']) {
	const sameAddress =
		!!stored &&
		(stored.street ?? '') === (input.street ?? '') &&
		(stored.postcode ?? '') === (input.postcode ?? '') &&
		stored.communeName === (input.commune ?? '');
	const keepPin = pin === 'manual' || sameAddress;
	return locate(keepPin ? input : { ...input, lon: null, lat: null });
}

/** Fills what a new registration lacks from the published structure with its UAI. */
export async function prefillFromUai(revision: Revision): Promise<DraftPayload | null> {
	const payload = revision.payload as DraftPayload;
	const uai = payload.identifiers?.uai;
	if (revision.kind !== 'create' || !uai) return null;
	const found = await duplicates.prefillFromUai(uai);
	if (!found) return null;
	const identity = payload.identity;
	const changes: DraftPayload = {};
	// Imported values follow other rules than forms: only those this form accepts are taken.
	const filled =
		identity &&
		identitySchema.safeParse({
			...identity,
			description: identity.description || found.description,
			website: identity.website ?? found.website,
			email: identity.email ?? found.email,
			phone: identity.phone ?? found.phone
		});
	if (filled?.success) changes.identity = filled.data;
	const place = placedLocationSchema.safeParse({
		street: found.street,
		postcode: found.postcode,
		lon: found.lon,
		lat: found.lat,
		communeCode: found.communeCode,
		communeName: found.communeName
	});
	if (!payload.location && place.success) changes.location = place.data;
	return changes;
}

export type { StepKey };
