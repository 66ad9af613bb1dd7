import { OPENAPI_PATH, openApiDocument } from './document';

/** What a reader needs of one documented operation: the /api/v1 index and /donnees show it. */
export interface DocumentedOperation {
	path: string;
	summary: string;
	description: string;
	tag: string;
	access?: 'personnel';
	parameters: {
		name: string;
		in: string;
		required: boolean;
		description: string;
		example?: string;
	}[];
	/** A URL built from the parameters' examples (path parameters only), to try the operation. */
	example: string;
}

interface Parameter {
	name: string;
	in: string;
	required?: boolean;
	description?: string;
	example?: unknown;
	schema?: { example?: unknown };
}

/** An example value as it goes in a URL (a list example is comma-separated, as accepted). */
export function exampleText(example: unknown): string | undefined {
	if (example === undefined) return undefined;
	return Array.isArray(example) ? example.join(',') : String(example);
}

/** The document's operations, in its order. */
export function operationsOf(document = openApiDocument()): DocumentedOperation[] {
	return Object.entries(document.paths ?? {}).map(([path, item]) => {
		const operation = item!.get!;
		const parameters = ((operation.parameters ?? []) as Parameter[]).map((p) => ({
			name: p.name,
			in: p.in,
			required: p.required ?? false,
			description: p.description ?? '',
			example: exampleText(p.example ?? p.schema?.example)
		}));
		let example = path;
		for (const p of parameters)
			if (p.in === 'path' && p.example) example = example.replace(`{${p.name}}`, p.example);
		return {
			path,
			summary: operation.summary ?? '',
			description: operation.description ?? '',
			tag: operation.tags?.[0] ?? '',
			...((operation as { 'x-access'?: string })['x-access'] === 'personnel'
				? { access: 'personnel' as const }
				: {}),
			parameters,
			example
		};
	});
}

const INDEX_PATH = '/api/v1';

/** `GET /api/v1`: the machine-readable index, rendered from the OpenAPI document. */
export function apiIndex() {
	const document = openApiDocument();
	return {
		description: document.info.description ?? '',
		documentation: '/donnees',
		openapi: OPENAPI_PATH,
		erreurs:
			'Un paramètre invalide donne 400 { error: { message, parameter } } ; un identifiant inconnu donne 404 { error: { message } }.',
		endpoints: operationsOf(document)
			.filter((operation) => operation.path !== INDEX_PATH)
			.map((operation) => ({
				path: operation.path,
				description: `${operation.summary}. ${operation.description}`,
				...(operation.access ? { access: operation.access } : {}),
				...(operation.parameters.some((p) => p.in === 'query')
					? {
							parameters: Object.fromEntries(
								operation.parameters
									.filter((p) => p.in === 'query')
									.map((p) => [
										p.name,
										p.example ? `${p.description} Exemple : ${p.name}=${p.example}` : p.description
									])
							)
						}
					: {})
			}))
	};
}
