import { describe, expect, it } from 'vitest';
import {
	claimSchema,
	doneSteps,
	identitySchema,
	isFormKind,
	KINDS,
	missingSteps,
	parseStep,
	payloadSchema,
	readStep,
	stepAfter,
	STEPS,
	toFormValues,
	validate
} from '../../src/lib/domain/revisions';
import { complete, form } from './revisions-samples';

/** The whole payload of a revision: stable, to forms and back, identifiers by category, steps missing and done, claims. */
describe('the whole payload', () => {
	it('is stable: checking a stored payload again gives it back unchanged', () => {
		expect(payloadSchema.parse(complete)).toEqual(complete);
		expect(payloadSchema.parse(payloadSchema.parse(complete))).toEqual(complete);
	});

	it('goes to the forms and back unchanged', () => {
		for (const step of STEPS) {
			if (step.key === 'location') continue; // the server places the point
			const values = toFormValues(step.key, complete);
			const parsed = parseStep(step.key, form(values as Record<string, string | string[]>));
			expect(parsed, step.key).toEqual({ ok: true, value: complete[step.key] });
		}
		const location = readStep('location', form(toFormValues('location', complete) as never));
		expect(location).toEqual({
			street: '12 rue des Tilleuls',
			postcode: '21850',
			commune: 'Saint-Apollinaire',
			lon: '4.5',
			lat: '47.25'
		});
	});

	it('asks schools for a UAI and companies for a SIRET', () => {
		const school = {
			...complete,
			identity: { ...complete.identity, categories: ['college'] },
			identifiers: { uai: null, siret: null }
		};
		expect(validate(payloadSchema, school, 2)).toEqual({
			ok: false,
			errors: { 'identifiers.uai': expect.stringContaining('code UAI') }
		});
		const company = { ...school, identity: { ...complete.identity, categories: ['entreprise'] } };
		expect(validate(payloadSchema, company, 2)).toEqual({
			ok: false,
			errors: { 'identifiers.siret': expect.stringContaining('numéro SIRET') }
		});
	});

	it('says which steps a draft lacks', () => {
		expect(missingSteps({ identity: complete.identity }).map((s) => s.slug)).toEqual([
			'identifiants',
			'adresse',
			'programmes',
			'contacts'
		]);
		expect(missingSteps(complete)).toEqual([]);
	});

	it('says which steps a draft has done, and which comes next', () => {
		const partial = { identity: complete.identity, location: complete.location };
		expect(doneSteps(partial)).toEqual(['identite', 'adresse']);
		expect(doneSteps(complete)).toEqual(STEPS.map((s) => s.slug));
		expect(doneSteps({})).toEqual([]);
		// Every step leads to the one after it; the last one to the page that sends the revision.
		for (const [i, step] of STEPS.entries())
			expect(stepAfter(step.slug)?.slug ?? null).toBe(STEPS[i + 1]?.slug ?? null);
		expect(stepAfter('contacts')).toBeNull();
		// Only creations and updates have a form.
		expect(KINDS.filter(isFormKind)).toEqual(['create', 'update']);
	});

	it('asks for a real message with a claim', () => {
		expect(validate(claimSchema, { message: 'moi' })).toEqual({
			ok: false,
			errors: { message: expect.stringContaining('au moins 10 caractères') }
		});
		expect(
			validate(identitySchema, { name: 'x'.repeat(201), categories: ['ecole'] })
		).toMatchObject({
			ok: false,
			errors: { name: 'Le nom ne peut dépasser 200 caractères.' }
		});
	});
});
