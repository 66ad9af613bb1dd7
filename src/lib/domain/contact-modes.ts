/** The ways to choose an area on /contacts, in the order of the chooser. */
export const MODES = ['departement', 'epci', 'commune', 'rayon', 'zone'] as const;
export type Mode = (typeof MODES)[number];

export const MODE_LABELS: Record<Mode, string> = {
	departement: 'Département',
	epci: 'Intercommunalité (EPCI)',
	commune: 'Commune',
	rayon: 'Rayon autour d’un lieu',
	zone: 'Zone dessinée'
};
