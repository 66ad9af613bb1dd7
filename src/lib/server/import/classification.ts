import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CATEGORY_CODES, type CategoryCode } from '../../domain/categories';
import { fold } from './text';

/**
 * The versioned classification of db/data/classification-rules.json: for each dataset, rules
 * tried in order map typology codes, labels and name patterns to categories and a kind of
 * place; overrides decide by source id. Every decision carries the id of the rule that made
 * it, so that the import report counts what each rule classified.
 */

const categoryCode = z.enum(CATEGORY_CODES as [string, ...string[]]);
const codes = z.array(z.string().min(1)).min(1);

const condition = z
	.object({
		name: z.string().min(1).optional(),
		typology_any: codes.optional(),
		labels_any: codes.optional(),
		typology_or_labels_any: codes.optional()
	})
	.strict();

const decision = {
	categories: z.array(categoryCode).min(1),
	secondary: z.partialRecord(categoryCode, codes).optional(),
	kind: z.string().min(1),
	justification: z.string().min(10)
};

const rulesFile = z.object({
	version: z.number().int().positive(),
	description: z.string(),
	kinds: z.record(z.string(), z.string()),
	datasets: z.record(
		z.string(),
		z.object({
			codes: z.unknown().optional(),
			rules: z
				.array(
					z.object({ id: z.string().regex(/^[a-z][a-z0-9-]*$/), when: condition, ...decision })
				)
				.min(1),
			overrides: z.record(z.string(), z.object(decision))
		})
	)
});

export type ClassificationRules = z.infer<typeof rulesFile>;

export interface ClassificationInput {
	/** The row's id in its dataset. */
	id: string;
	name: string;
	typology: string[];
	labels: string[];
}

export interface Classification {
	categories: CategoryCode[];
	kind: string;
	/** `<rule id>` or `override:<source id>`. */
	rule: string;
}

export function readClassificationRules(dataDir: string): ClassificationRules {
	const rules = rulesFile.parse(
		JSON.parse(readFileSync(join(dataDir, 'classification-rules.json'), 'utf8'))
	);
	for (const [dataset, set] of Object.entries(rules.datasets)) {
		const last = set.rules[set.rules.length - 1]!;
		if (Object.keys(last.when).length > 0)
			throw new Error(
				`classification-rules.json: the last rule of ${dataset} must match every row (when: {})`
			);
		for (const item of [...set.rules, ...Object.values(set.overrides)])
			if (!(item.kind in rules.kinds))
				throw new Error(`classification-rules.json: unknown kind ${item.kind} in ${dataset}`);
	}
	return rules;
}

export type Classifier = (dataset: string, input: ClassificationInput) => Classification;

/** A classifier over the rules; the name patterns are compiled once. */
export function classifier(rules: ClassificationRules): Classifier {
	const compiled = new Map(
		Object.entries(rules.datasets).map(([dataset, set]) => [
			dataset,
			{
				overrides: set.overrides,
				rules: set.rules.map((rule) => ({
					...rule,
					pattern: rule.when.name ? new RegExp(rule.when.name, 'u') : null
				}))
			}
		])
	);
	return (dataset, input) => {
		const set = compiled.get(dataset);
		if (!set) throw new Error(`classification-rules.json has no rules for dataset ${dataset}`);
		const typology = new Set(input.typology.map((c) => c.toUpperCase()));
		const labels = new Set(input.labels.map((c) => c.toUpperCase()));
		const override = set.overrides[input.id];
		if (override)
			return {
				categories: withSecondary(override, typology),
				kind: override.kind,
				rule: `override:${input.id}`
			};
		const name = fold(input.name);
		const any = (wanted: string[] | undefined, present: Set<string>[]) =>
			!wanted || wanted.some((code) => present.some((set) => set.has(code)));
		const rule = set.rules.find(
			(r) =>
				(!r.pattern || r.pattern.test(name)) &&
				any(r.when.typology_any, [typology]) &&
				any(r.when.labels_any, [labels]) &&
				any(r.when.typology_or_labels_any, [typology, labels])
		)!;
		return { categories: withSecondary(rule, typology), kind: rule.kind, rule: rule.id };
	};
}

function withSecondary(
	decision: { categories: string[]; secondary?: Partial<Record<string, string[]>> },
	typology: Set<string>
): CategoryCode[] {
	const categories = [...decision.categories];
	for (const [category, when] of Object.entries(decision.secondary ?? {}))
		if (when?.some((code) => typology.has(code)) && !categories.includes(category))
			categories.push(category);
	return categories as CategoryCode[];
}
