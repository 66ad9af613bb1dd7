/** The main sections of the site, in the order of the header navigation. */
export const MAIN_NAVIGATION = [
	{ href: '/', label: 'Carte' },
	{ href: '/programmes', label: 'Programmes' },
	{ href: '/territoires', label: 'Territoires' },
	{ href: '/recherche', label: 'Recherche' },
	{ href: '/donnees', label: 'Données' }
] as const;

/** The footer's mandatory and reference pages. */
export const FOOTER_LINKS = [
	{ href: '/plan-du-site', label: 'Plan du site' },
	{ href: '/accessibilite', label: 'Accessibilité : non conforme' },
	{ href: '/mentions-legales', label: 'Mentions légales' },
	{ href: '/donnees-personnelles', label: 'Données personnelles' },
	{ href: '/sources', label: 'Sources et licences' },
	{ href: '/donnees', label: 'API et données ouvertes' }
] as const;

/**
 * Whether a navigation entry designates the current section: the map only on the home page,
 * the other sections on their own path and below it. Structure pages belong to no section.
 */
export function isCurrentSection(pathname: string, href: string): boolean {
	if (href === '/') return pathname === '/';
	return pathname === href || pathname.startsWith(href + '/');
}
