/** Wording of territory kinds, shared by the territory pages. */
const EPCI_TYPES: Record<string, string> = {
	CC: 'Communauté de communes',
	CA: 'Communauté d’agglomération',
	CU: 'Communauté urbaine',
	ME: 'Métropole'
};

const KINDS: Record<string, string> = {
	region: 'Région',
	academie: 'Académie',
	departement: 'Département',
	epci: 'Intercommunalité (EPCI)',
	commune: 'Commune'
};

/** « Département », « Communauté d’agglomération »… */
export function territoryKindLabel(kind: string, epciType: string | null = null): string {
	if (kind === 'epci' && epciType && EPCI_TYPES[epciType]) return EPCI_TYPES[epciType];
	return KINDS[kind] ?? kind;
}

/**
 * The enclosing territories as a breadcrumb trail, from the région down: one of each kind,
 * in the order région, académie, département, EPCI (an EPCI may straddle départements).
 */
export function parentTrail<T extends { kind: string }>(parents: T[]): T[] {
	const order = ['region', 'academie', 'departement', 'epci'];
	return order.flatMap((kind) => {
		const first = parents.find((p) => p.kind === kind);
		return first ? [first] : [];
	});
}
