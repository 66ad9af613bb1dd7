/**
 * A revision that cannot be carried out, with a French message for the person who asked and
 * the HTTP status routes answer with (404: not found or not yours, 409: its state changed).
 */
export class RevisionError extends Error {
	constructor(
		readonly status: 400 | 403 | 404 | 409 | 429,
		message: string,
		/** Errors per field, for forms. */
		readonly errors: Record<string, string> = {}
	) {
		super(message);
		this.name = 'RevisionError';
	}
}

export const notFound = () =>
	new RevisionError(404, 'Cette demande est introuvable, ou elle ne vous appartient pas.');

export const stateChanged = () =>
	new RevisionError(
		409,
		'Cette demande a changé entre-temps (elle vient peut-être d’être traitée) : la page a été mise à jour.'
	);

export const noForm = () =>
	new RevisionError(409, 'Cette demande n’a pas de formulaire à modifier.');
