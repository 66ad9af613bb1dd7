import { category } from '../../domain/categories';
import {
	PROGRAMME_ROLE_LABELS,
	type Contact,
	type DraftPayload,
	type PartnerProgrammeRole
} from '../../domain/revisions';

/** One line of the moderator's comparison: a field, its published value and the proposed one. */
export interface DiffRow {
	field: string;
	label: string;
	before: string | null;
	after: string | null;
	changed: boolean;
}

const VISIBILITY = { public: 'public', staff: 'réservé à l’équipe' } as const;

const categories = (codes: readonly string[] | undefined) =>
	codes?.length ? codes.map((c) => category(c)?.label ?? c).join(', ') : null;

const position = (p: DraftPayload['location']) =>
	p ? `${p.lat.toFixed(6)}, ${p.lon.toFixed(6)} (latitude, longitude)` : null;

const contactText = (c: Contact) =>
	[c.name, c.role, c.email, c.phone, `visibilité : ${VISIBILITY[c.visibility]}`]
		.filter(Boolean)
		.join(' · ');

const roleText = (role: PartnerProgrammeRole | string | undefined) =>
	role ? (PROGRAMME_ROLE_LABELS[role as PartnerProgrammeRole] ?? role) : null;

/**
 * What a revision changes, field by field, against the published structure (`before`), or
 * against nothing for a new structure. Values are plain text: pages show them escaped.
 */
export function diff(
	before: DraftPayload | null,
	after: DraftPayload,
	programmeTitles: Map<number, string> = new Map()
): DiffRow[] {
	const rows: DiffRow[] = [];
	const add = (
		field: string,
		label: string,
		a: string | null | undefined,
		b: string | null | undefined
	) => {
		const from = a || null;
		const to = b || null;
		rows.push({ field, label, before: from, after: to, changed: from !== to });
	};
	const i0 = before?.identity;
	const i1 = after.identity;
	add('name', 'Nom', i0?.name, i1?.name);
	add('categories', 'Catégories', categories(i0?.categories), categories(i1?.categories));
	add('description', 'Description', i0?.description, i1?.description);
	add('website', 'Site web', i0?.website, i1?.website);
	add('email', 'Courriel public', i0?.email, i1?.email);
	add('phone', 'Téléphone public', i0?.phone, i1?.phone);
	add('uai', 'Code UAI', before?.identifiers?.uai, after.identifiers?.uai);
	add('siret', 'Numéro SIRET', before?.identifiers?.siret, after.identifiers?.siret);
	const l0 = before?.location;
	const l1 = after.location;
	add('street', 'Adresse', l0?.street, l1?.street);
	add('postcode', 'Code postal', l0?.postcode, l1?.postcode);
	add(
		'commune',
		'Commune',
		l0?.communeName ? `${l0.communeName} (${l0.communeCode})` : null,
		l1?.communeName ? `${l1.communeName} (${l1.communeCode})` : null
	);
	add('position', 'Position', position(l0), position(l1));

	const p0 = new Map((before?.programmes ?? []).map((p) => [p.number, p.role]));
	const p1 = new Map((after.programmes ?? []).map((p) => [p.number, p.role]));
	for (const number of [...new Set([...p0.keys(), ...p1.keys()])].sort((a, b) => a - b)) {
		const title = programmeTitles.get(number);
		add(
			`programme-${number}`,
			`Programme ${number}${title ? ` : ${title}` : ''}`,
			roleText(p0.get(number)),
			roleText(p1.get(number))
		);
	}

	const c0 = before?.contacts?.list ?? [];
	const c1 = after.contacts?.list ?? [];
	const matched = new Set<Contact>();
	c1.forEach((contact, index) => {
		const previous = contact.id ? c0.find((c) => c.id === contact.id) : undefined;
		if (previous) matched.add(previous);
		add(
			`contact-${index}`,
			`Contact : ${contact.name}`,
			previous && contactText(previous),
			contactText(contact)
		);
	});
	c0.filter((c) => !matched.has(c)).forEach((contact, index) =>
		add(`contact-removed-${index}`, `Contact : ${contact.name}`, contactText(contact), null)
	);
	return rows;
}

/** The labels of the fields a revision changes, for audit_log and emails. */
export function changedFields(rows: DiffRow[]): string[] {
	return rows.filter((r) => r.changed).map((r) => r.label);
}
