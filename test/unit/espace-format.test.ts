import { describe, expect, it } from 'vitest';
import { dateTime, waitedFor } from '../../src/routes/espace/format';

describe('waitedFor', () => {
	it('says « aujourd’hui » rather than « il y a 0 jour »', () => {
		expect(waitedFor(0)).toBe('aujourd’hui');
		expect(waitedFor(-1)).toBe('aujourd’hui');
		expect(waitedFor(1)).toBe('il y a 1 jour');
		expect(waitedFor(12)).toBe('il y a 12 jours');
	});
});

describe('dateTime', () => {
	it('shows Paris time, summer and winter', () => {
		expect(dateTime('2026-07-01T12:05:00Z')).toBe('1 juillet 2026 à 14 h 05');
		expect(dateTime('2026-12-03T23:30:00Z')).toBe('4 décembre 2026 à 00 h 30');
	});
});
