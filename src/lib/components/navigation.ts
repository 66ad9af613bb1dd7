import { resolve } from '$app/paths';

/** The main sections of the site, in the order of the header navigation. */
export const MAIN_NAVIGATION = [
	{ href: resolve('/'), label: 'Carte' },
	{ href: resolve('/programmes'), label: 'Programmes' },
	{ href: resolve('/territoires'), label: 'Territoires' },
	{ href: resolve('/recherche'), label: 'Recherche' },
	{ href: resolve('/donnees'), label: 'Données' }
];

/** The footer's mandatory and reference pages. */
export const FOOTER_LINKS = [
	{ href: resolve('/plan-du-site'), label: 'Plan du site' },
	{ href: resolve('/accessibilite'), label: 'Accessibilité : partiellement conforme' },
	{ href: resolve('/mentions-legales'), label: 'Mentions légales' },
	{ href: resolve('/donnees-personnelles'), label: 'Données personnelles' },
	{ href: resolve('/sources'), label: 'Sources et licences' },
	{ href: resolve('/donnees'), label: 'API et données ouvertes' },
	{ href: resolve('/integrer'), label: 'Intégrer la carte' }
];

/**
 * Whether a navigation entry designates the current section: the map only on the home page,
 * the other sections on their own path and below it. Structure pages belong to no section.
 */
export function isCurrentSection(pathname: string, href: string): boolean {
	if (href === resolve('/')) return pathname === href;
	return pathname === href || pathname.startsWith(href + '/');
}
