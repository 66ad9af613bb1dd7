import { describe, expect, it } from 'vitest';
import { parisDateTime, parisDay, parisTime } from '../../src/lib/domain/paris-time';
import { passwordReset, verification } from '../../src/lib/server/auth/emails';
import { confirmationEmail } from '../../src/lib/server/freshness/confirmations';
import { outcomeEmail } from '../../src/lib/server/reports';
import { compose } from '../../src/lib/server/revisions/emails';
import { composeAlert } from '../../src/lib/server/revisions/staff-alerts';

/**
 * Every email that states a moment states it in Paris time, whatever the server's zone: a
 * summer instant (UTC+2) and a winter one (UTC+1) that falls on the next day and year in Paris.
 */
const SUMMER = new Date('2026-07-14T21:30:00Z');
const WINTER = new Date('2026-12-31T23:30:00Z');
const CASES = [
	{ at: SUMMER, paris: '14 juillet 2026 à 23 h 30', time: '23 h 30', utc: '21 h 30' },
	{ at: WINTER, paris: '1 janvier 2027 à 00 h 30', time: '00 h 30', utc: '23 h 30' }
];

const revision = {
	id: '0b9b8f1e-6a3c-4c61-9a5e-2f3d4c5b6a7e',
	kind: 'create' as const,
	payload: {
		identity: {
			name: 'Fablab des Îles',
			categories: ['fablab-tiers-lieu' as const],
			description: '',
			website: null,
			email: null,
			phone: null
		}
	},
	structureName: null
};
const context = { origin: 'https://cartonum.test' };

describe('times in emails', () => {
	it('formats instants in Paris time across summer and winter time', () => {
		for (const c of CASES) {
			expect(parisDateTime(c.at)).toBe(c.paris);
			expect(parisTime(c.at)).toBe(c.time);
		}
		expect(parisDay(WINTER)).toBe('1 janvier 2027');
	});

	it('says in Paris time until when an account link works', () => {
		for (const c of CASES) {
			const verify = verification('a@exemple.fr', 'https://x.test/v', c.at).text;
			expect(verify).toContain(`jusqu’au ${c.paris}, heure de Paris`);
			const reset = passwordReset('a@exemple.fr', 'https://x.test/r', c.at).text;
			expect(reset).toContain(`jusqu’à ${c.time}, heure de Paris`);
			expect(reset).not.toContain(c.utc);
		}
	});

	it('dates the confirmation link, the request, the staff alert and the report in Paris time', () => {
		for (const c of CASES) {
			const texts = [
				confirmationEmail('request', 'Fablab', 'jeton', context.origin, c.at).text,
				compose({ ...revision, submittedAt: c.at }, { step: 'received' }, context).text,
				composeAlert({ ...revision, submittedAt: c.at }, 'submitted', context).text,
				outcomeEmail(
					'closed',
					{ name: 'Fablab', slug: 'fablab' },
					{ decision: 'rejected', note: null, close: false },
					context.origin,
					c.at
				).text
			];
			for (const text of texts) {
				expect(text).toContain(`${c.paris} (heure de Paris)`);
				expect(text).not.toContain(c.utc);
				expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T|UTC|GMT/);
			}
		}
	});

	it('says nothing of a moment it does not know', () => {
		const text = compose({ ...revision, submittedAt: null }, { step: 'received' }, context).text;
		expect(text).not.toContain('heure de Paris');
		expect(text).toContain('« Fablab des Îles ».');
	});
});
