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
		expect(weakness('AzertyUiop123')).toMatch(/trop facile à deviner/);
		expect(weakness('aaaaaaaaaaaaaaaa')).toMatch(/trop facile à deviner/);
		expect(weakness('marie.dupont@exemple.fr', ['Marie.Dupont@exemple.fr'])).toMatch(/adresse/);
		// Characters, not bytes: twelve accented letters are enough when they are not a word.
		expect(weakness('éèàùâêîôûçëï')).toBeNull();
	});
});

describe('password strength (zxcvbn with French dictionaries)', () => {
	/** Common passwords of 12 characters or more, French and international, keyboard walks, l33t. */
	const GUESSABLE = [
		'q1w2e3r4t5y6',
		'1qazxsw23edc',
		'azertyuiop12',
		'motdepasse123',
		'soleil123456',
		'123456789012',
		'azertyuiopqsdf',
		'qwertyuiop123',
		'wxcvbn123456',
		'qsdfghjklm12',
		'1q2w3e4r5t6y',
		'1qaz2wsx3edc',
		'qazwsxedcrfv',
		'password1234',
		'passwordpassword',
		'p4ssw0rd1234',
		'P@ssw0rd2024!',
		'motdepasse2024',
		'm0td3p4ss3123',
		'bonjour123456',
		'doudou123456',
		'jetaime123456',
		'iloveyou1234',
		'chocolat1234',
		'marseille2024',
		'nicolas12345678',
		'administrateur',
		'cartonum2026',
		'Bourgogne2025',
		'franchecomte21',
		'abcdefghijkl',
		'abc123abc123',
		'aaaaaaaaaaaaaaaa',
		'121212121212',
		'01011990janvier',
		'a'.repeat(300).slice(0, 200)
	];

	it('refuses common, keyboard, l33t and site passwords, saying why in French', () => {
		for (const password of GUESSABLE) {
			const problem = weakness(password);
			expect(problem, password).toMatch(/^Ce mot de passe est trop facile à deviner\. /);
			expect(problem, password).toContain('Une phrase de quatre ou cinq mots');
		}
		expect(weakness('azertyuiop12')).toContain('clavier');
		expect(weakness('P@ssw0rd2024!')).toContain('couramment utilisé');
	});

	it('refuses a password made of the person’s own name or address', () => {
		const personal = ['paula.partenaire@ac-dijon.fr', 'Paula Partenaire'];
		for (const password of ['PaulaPartenaire', 'paula.partenaire'])
			expect(weakness(password, personal), password).toMatch(/données personnelles/);
		// The address's own words make the difference.
		const gwen = ['gwenaelle.kerbrat@ac-dijon.fr', 'Gwenaëlle Kerbrat'];
		expect(weakness('gwenaelle.kerbrat')).toBeNull();
		expect(weakness('gwenaelle.kerbrat', gwen)).toMatch(/trop facile à deviner/);
	});

	it('accepts long random passphrases and random strings', () => {
		for (const password of [
			'cheval agrafe batterie correcte',
			'tulipe-orange-47-nuage',
			'mon chat s’appelle Félix le Grand',
			'xk3-PzQ9-mWr2',
			'Vg7#qL2!zR9@wT4$'
		])
			expect(weakness(password), password).toBeNull();
		// Generated passphrases of five words from a list of common French words.
		const words =
			'table fenêtre jardin soleil rivière montagne livre crayon orange nuage forêt chemin'.split(
				' '
			);
		for (let i = 0; i < 20; i++) {
			const phrase = Array.from(
				{ length: 5 },
				() => words[Math.floor(Math.random() * words.length)]
			).join(' ');
			expect(weakness(phrase), phrase).toBeNull();
		}
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
