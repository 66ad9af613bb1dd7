import {
	doneSteps,
	identitySchema,
	parseStep,
	placedLocationSchema,
	stepAfter,
	toFormValues,
	type DraftPayload,
	type LocationInput,
	type Step
} from '../../domain/revisions';
import * as duplicates from '../duplicates';
import * as programmes from '../programmes';
import * as tiles from '../tiles';
import { saveStep } from './author-actions';
import { noForm, RevisionError } from './errors';
import { locate } from './location';
import { isFormRevision, type Actor, type FormRevision, type Revision } from './types';

/**
 * The step pages of a creation or an update: what each shows beyond the stored values, and
 * the saving of a step's form (the address placed on the map, the UAI looked up).
 */

/** What a step page shows: its stored values, the steps done, and what this step needs. */
export async function stepPage(revision: FormRevision, step: Step) {
	return {
		values: toFormValues(step.key, revision.payload),
		done: doneSteps(revision.payload),
		programmes: step.key === 'programmes' ? await programmeChoices() : [],
		regionBounds: step.key === 'location' ? await tiles.bounds() : null,
		uaiMatch: step.key === 'identifiers' ? await uaiMatch(revision) : null
	};
}

/**
 * Checks and stores a step's form; RevisionError (400, errors by field) when it must be
 * corrected, 409 when the revision has no form (a claim, a closure) or is no longer editable. Answers the page to show next, relative to the revision: the identifiers again
 * (`identifiants?verifie`) when a structure on the map has the UAI of a new registration,
 * otherwise the next step, or `envoi` after the last one.
 */
export async function saveStepForm(
	actor: Actor,
	revision: Revision,
	step: Step,
	form: FormData
): Promise<string> {
	const parsed = parseStep(step.key, form);
	if (!parsed.ok)
		throw new RevisionError(
			400,
			'Certains champs sont à corriger : les messages sont à côté de chacun.',
			parsed.errors
		);
	if (!isFormRevision(revision)) throw noForm();
	let value = parsed.value;
	if (step.key === 'location') {
		const pin = form.get('pin');
		const located = await locateStep(
			value as LocationInput,
			typeof pin === 'string' ? pin : '',
			revision.payload.location
		);
		if (!located.ok)
			throw new RevisionError(
				400,
				'L’adresse est à corriger : le message est à côté du champ.',
				located.errors
			);
		value = located.value;
	}
	await saveStep(actor, revision.id, step.key, value);
	if (step.key === 'identifiers' && revision.kind === 'create') {
		const identifiers = value as DraftPayload['identifiers'];
		if (await uaiMatch({ ...revision, payload: { ...revision.payload, identifiers } }))
			return 'identifiants?verifie';
	}
	return stepAfter(step.slug)?.slug ?? 'envoi';
}

/** Fills what a new registration lacks from the published structure with its UAI. */
export async function prefillStepsFromUai(actor: Actor, revision: Revision): Promise<boolean> {
	const changes = isFormRevision(revision) ? await prefillFromUai(revision) : null;
	if (!changes) return false;
	for (const [key, value] of Object.entries(changes))
		await saveStep(actor, revision.id, key as keyof DraftPayload, value);
	return true;
}

async function programmeChoices() {
	return (await programmes.list()).map((p) => ({
		number: p.number,
		title: p.title,
		axisTitle: p.axis.title
	}));
}

/** The structure already on the map with this revision's UAI, when it is a new registration. */
async function uaiMatch(revision: Pick<FormRevision, 'kind' | 'payload'>) {
	const uai = revision.payload.identifiers?.uai;
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
function locateStep(input: LocationInput, pin: string, stored: DraftPayload['location']) {
	const sameAddress =
		!!stored &&
		(stored.street ?? '') === (input.street ?? '') &&
		(stored.postcode ?? '') === (input.postcode ?? '') &&
		stored.communeName === (input.commune ?? '');
	const keepPin = pin === 'manual' || sameAddress;
	return locate(keepPin ? input : { ...input, lon: null, lat: null });
}

/** What a new registration lacks, taken from the published structure with its UAI. */
async function prefillFromUai(revision: FormRevision): Promise<DraftPayload | null> {
	const payload = revision.payload;
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
