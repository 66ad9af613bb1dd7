import { category } from '$lib/domain/categories';

/** What a map point carries: enough to title a popup while its details load. */
export interface StructurePoint {
	id: string;
	name: string;
	category: string;
}

/** The fields of `GET /api/v1/structures/{id}` the popup shows. */
interface StructureDetails {
	slug: string;
	categories: string[];
	address: { street: string | null; postcode: string | null } | null;
	commune: { code: string; name: string } | null;
	location_precision: 'exact' | 'approximate';
}

/**
 * The popup's content, built from DOM nodes (never an HTML string: names come from open
 * data). It shows the name at once, then the details fetched from the API.
 */
export function structurePopup(point: StructurePoint, signal: AbortSignal): HTMLElement {
	const root = element('div', 'structure-popup');
	root.setAttribute('data-testid', 'structure-popup');
	const title = element('p', 'structure-popup__title fr-text--bold fr-mb-1v', point.name);
	const categories = element('p', 'structure-popup__categories fr-text--sm fr-mb-1v');
	categories.append(categoryLine(point.category));
	const details = element('p', 'structure-popup__details fr-text--sm fr-mb-1v', 'Chargement…');
	details.setAttribute('aria-live', 'polite');
	const link = element('a', 'fr-link fr-text--sm', 'Voir la fiche') as HTMLAnchorElement;
	link.href = `/structures/${encodeURIComponent(point.id)}`;
	root.append(title, categories, details, link);

	loadDetails(point.id, signal)
		.then((detail) => {
			link.href = `/structures/${encodeURIComponent(detail.slug)}`;
			categories.replaceChildren(
				...detail.categories.flatMap((code, i) =>
					i === 0 ? [categoryLine(code)] : [document.createTextNode(' · '), categoryLine(code)]
				)
			);
			// Generic names (« École élémentaire publique ») are told apart by their commune.
			if (detail.commune) title.textContent = `${point.name} — ${detail.commune.name}`;
			details.textContent = addressLine(detail);
			if (detail.location_precision === 'approximate') {
				details.append(element('br'), element('em', '', 'Position approximative (commune).'));
			}
		})
		.catch((error: unknown) => {
			if (signal.aborted) return;
			details.textContent = 'Détails indisponibles pour le moment.';
			console.warn('structure details', error);
		});
	return root;
}

async function loadDetails(id: string, signal: AbortSignal): Promise<StructureDetails> {
	const response = await fetch(`/api/v1/structures/${encodeURIComponent(id)}`, {
		signal,
		headers: { accept: 'application/json' }
	});
	if (!response.ok) throw new Error(`HTTP ${response.status}`);
	return (await response.json()) as StructureDetails;
}

function addressLine(detail: StructureDetails): string {
	const street = detail.address?.street?.trim();
	const town = [detail.address?.postcode, detail.commune?.name].filter(Boolean).join(' ');
	return [street, town].filter(Boolean).join(', ') || 'Adresse non renseignée';
}

function categoryLine(code: string): HTMLElement {
	const span = element('span', 'structure-popup__category');
	const dot = element('span', 'category-dot');
	dot.setAttribute('aria-hidden', 'true');
	dot.style.setProperty('--category-color', category(code)?.color ?? '#666666');
	span.append(dot, document.createTextNode(category(code)?.label ?? code));
	return span;
}

function element(tag: string, className = '', text?: string): HTMLElement {
	const node = document.createElement(tag);
	if (className) node.className = className;
	if (text !== undefined) node.textContent = text;
	return node;
}
