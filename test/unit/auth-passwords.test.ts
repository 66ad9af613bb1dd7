import { describe, expect, it } from 'vitest';
import * as forms from '../../src/lib/server/auth/forms';
import { hash, verify, weakness } from '../../src/lib/server/auth/passwords';

function formData(values: Record<string, string>): FormData {
	const form = new FormData();
	for (const [k, v] of Object.entries(values)) form.set(k, v);
	return form;
}

describe('passwords', () => {
	it('are hashed with Argon2id, 19 MiB, 2 passes, 1 lane, and a salt of their own', async () => {
		const a = await hash('une phrase de passe assez longue');
		const b = await hash('une phrase de passe assez longue');
		expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
		expect(a).not.toBe(b);
		expect(await verify(a, 'une phrase de passe assez longue')).toBe(true);
		expect(await verify(a, 'une phrase de passe assez longuE')).toBe(false);
		expect(await verify('not a hash', 'x')).toBe(false);
	});

	it('need 12 to 256 characters, no composition rule, and refuse the most common ones', () => {
		expect(weakness('court')).toMatch(/au moins 12 caractères/);
		expect(weakness('x'.repeat(257))).toMatch(/256 caractères/);
		expect(weakness('tout en minuscules sans chiffre')).toBeNull();
		expect(weakness('AzertyUiop123')).toMatch(/trop courant/);
		expect(weakness('aaaaaaaaaaaaaaaa')).toMatch(/trop courant/);
		expect(weakness('marie.dupont@exemple.fr', 'Marie.Dupont@exemple.fr')).toMatch(/adresse/);
		// Characters, not bytes: twelve accented letters are enough.
		expect(weakness('éèàùâêîôûçëï')).toBeNull();
	});
});

describe('account forms', () => {
	it('give a French message for each faulty field and never return the password', () => {
		const result = forms.parse(
			forms.signUp,
			formData({ displayName: ' ', email: 'pas-une-adresse', password: 'court' })
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.displayName).toMatch(/prénom et votre nom/);
		expect(result.errors.email).toMatch(/adresse électronique valide/);
		expect(result.errors.password).toMatch(/12 caractères/);
		expect(JSON.stringify(result)).not.toContain('court');
	});

	it('trim and accept a valid sign-up', () => {
		const result = forms.parse(
			forms.signUp,
			formData({
				displayName: ' Marie Dupont ',
				email: ' Marie@Exemple.fr ',
				password: 'cheval agrafe batterie correcte'
			})
		);
		expect(result).toEqual({
			ok: true,
			data: {
				displayName: 'Marie Dupont',
				email: 'Marie@Exemple.fr',
				password: 'cheval agrafe batterie correcte'
			}
		});
	});

	it('refuse a password equal to the address', () => {
		const result = forms.parse(
			forms.signUp,
			formData({ displayName: 'Marie', email: 'marie@exemple.fr', password: 'Marie@exemple.fr' })
		);
		expect(result.ok === false && result.errors.password).toMatch(/adresse/);
	});
});
