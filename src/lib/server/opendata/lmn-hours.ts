/**
 * MedNum BFC gives opening hours per half-day in French (`{ lundi: { matin: '8h30-12h',
 * apres_midi: '13h30-17h' } }`); the national schema wants OpenStreetMap `opening_hours`
 * (`Mo 08:30-12:00,13:30-17:00`). Anything that does not read as hours gives null: better no
 * hours than wrong ones.
 */
const DAYS: [string, string][] = [
	['lundi', 'Mo'],
	['mardi', 'Tu'],
	['mercredi', 'We'],
	['jeudi', 'Th'],
	['vendredi', 'Fr'],
	['samedi', 'Sa'],
	['dimanche', 'Su']
];

const RANGE = /^(\d{1,2})\s*h\s*(\d{2})?\s*[-–à]\s*(\d{1,2})\s*h\s*(\d{2})?$/i;

function time(hours: string, minutes: string | undefined): string | null {
	const h = Number(hours);
	const m = Number(minutes ?? 0);
	if (h > 24 || m > 59) return null;
	return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function range(text: string): string | null {
	const match = RANGE.exec(text.trim());
	if (!match) return null;
	const from = time(match[1]!, match[2]);
	const to = time(match[3]!, match[4]);
	return from && to && from < to ? `${from}-${to}` : null;
}

export function osmOpeningHours(hours: unknown): string | null {
	if (!hours || typeof hours !== 'object') return null;
	const rules: string[] = [];
	for (const [day, osm] of DAYS) {
		const slots = (hours as Record<string, Record<string, unknown> | undefined>)[day];
		if (!slots) continue;
		const ranges: string[] = [];
		for (const slot of [slots.matin, slots.apres_midi]) {
			if (typeof slot !== 'string' || !slot.trim()) continue;
			const parsed = range(slot);
			if (!parsed) return null;
			ranges.push(parsed);
		}
		if (ranges.length) rules.push(`${osm} ${ranges.join(',')}`);
	}
	return rules.length ? rules.join('; ') : null;
}
