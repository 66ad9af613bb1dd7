import { describe, expect, it } from 'vitest';
import type { ResolvedPathname } from '$app/types';
import { describeAttributes, openingHours } from '../../src/lib/components/attributes';
import { describeIdentifiers } from '../../src/lib/components/identifiers';
import { axisLabel, roleLabel } from '../../src/lib/components/roadmap';
import { parentTrail, territoryKindLabel } from '../../src/lib/components/territories';
import { link, rankParam, withParams } from '../../src/lib/components/urls';

describe('links with a query', () => {
	it('appends parameters, drops empty ones, adds the fragment', () => {
		expect(link('/' as ResolvedPathname, { territory: 'dep:21', category: '' }, 'liste')).toBe(
			'/?territory=dep%3A21#liste'
		);
		expect(link('/sources' as ResolvedPathname)).toBe('/sources');
	});

	it('changes one parameter of the current page and keeps the others', () => {
		const url = new URL('http://x/territoires/dep:21?cursor=abc&rang=51&vue=liste');
		expect(withParams(url, { cursor: 'def', rang: '101' }, 'structures')).toBe(
			'/territoires/dep:21?cursor=def&rang=101&vue=liste#structures'
		);
		expect(withParams(url, { cursor: null, rang: null })).toBe('/territoires/dep:21?vue=liste');
	});

	it('reads a rank, falling back to 1 on anything but a positive integer', () => {
		expect(rankParam(new URL('http://x/?rang=51'))).toBe(51);
		for (const bad of ['0', '-3', '2.5', 'abc', '1e400', ''])
			expect(rankParam(new URL(`http://x/?rang=${bad}`))).toBe(1);
		expect(rankParam(new URL('http://x/'))).toBe(1);
	});
});

describe('attributes of a structure', () => {
	it('labels known keys in French, formats values, hides internal keys', () => {
		const rows = describeAttributes({
			secteur: 'Public',
			niveaux: ['maternelle', 'élémentaire'],
			restauration: true,
			ulis: false,
			code_typo: 'M-TL',
			coord_incoherente_commune: true,
			fiche_onisep: 'https://www.onisep.fr/x',
			couleur_preferee: 'bleu',
			vide: [],
			horaires: { lundi: { matin: '9h-12h' } }
		});
		expect(rows.map((r) => [r.label, r.value])).toEqual([
			['Secteur', { text: 'Public' }],
			['Niveaux', { text: 'maternelle, élémentaire' }],
			['Restauration', { text: 'Oui' }],
			['Fiche ONISEP', { href: 'https://www.onisep.fr/x', text: 'Consulter la fiche ONISEP' }],
			['Couleur preferee', { text: 'bleu' }]
		]);
	});

	it('shows the source’s commune only when it differs from the structure’s', () => {
		const labels = (communeSource: string) =>
			describeAttributes({ commune_source: communeSource }, 'Savigny-lès-Beaune').map(
				(r) => r.value
			);
		expect(labels('SAVIGNY-LES-BEAUNE')).toEqual([]);
		expect(labels('SAVIGNY-LES-BEAUNE CEDEX')).toEqual([]);
		expect(labels('BEAUNE CEDEX')).toEqual([{ text: 'Beaune Cedex' }]);
	});

	it('never turns a non-http value into a link', () => {
		const [row] = describeAttributes({ site: 'javascript:alert(1)' });
		expect(row?.value).toEqual({ text: 'javascript:alert(1)' });
	});

	it('lists opening hours by day in week order, only days with hours', () => {
		expect(
			openingHours({
				horaires: {
					vendredi: { apres_midi: '14h-17h' },
					lundi: { matin: '8h30-12h', apres_midi: '13h30-17h' },
					mardi: { matin: '  ' }
				}
			})
		).toEqual([
			{ day: 'Lundi', morning: '8h30-12h', afternoon: '13h30-17h' },
			{ day: 'Vendredi', morning: '', afternoon: '14h-17h' }
		]);
		expect(openingHours({})).toBeNull();
		expect(openingHours({ horaires: { lundi: {} } })).toBeNull();
	});
});

describe('identifiers', () => {
	it('orders national registers first and links only stable official records', () => {
		const views = describeIdentifiers(
			{ 'mednum-bfc': 'mednumBFC_1', rnsr: '200212700X', siret: '13002802700017', uai: '0210024M' },
			null
		);
		expect(views.map((v) => v.label)).toEqual(['UAI', 'SIRET', 'RNSR', 'Identifiant MedNum BFC']);
		expect(views[1]?.link?.href).toBe(
			'https://annuaire-entreprises.data.gouv.fr/etablissement/13002802700017'
		);
		expect(views[2]?.link).toBeNull();
		expect(views[3]?.link).toBeNull();
	});

	it('uses the RNSR record URL given by the source', () => {
		const [rnsr] = describeIdentifiers({ rnsr: '200212700X' }, 'https://example.org/fiche');
		expect(rnsr?.link?.href).toBe('https://example.org/fiche');
	});
});

describe('roadmap and territory wording', () => {
	it('shows the roadmap’s default links as such', () => {
		expect(roleLabel('feuille-de-route')).toBe('identifié par la feuille de route');
		expect(roleLabel('site-accueil')).toBe('site d’accueil');
		expect(axisLabel({ kind: 'opérationnel', number: 3 })).toBe('Axe opérationnel 3');
	});

	it('names EPCI by their type', () => {
		expect(territoryKindLabel('epci', 'CA')).toBe('Communauté d’agglomération');
		expect(territoryKindLabel('epci', null)).toBe('Intercommunalité (EPCI)');
		expect(territoryKindLabel('departement')).toBe('Département');
	});

	it('builds the breadcrumb from the région down, one territory per kind', () => {
		const trail = parentTrail([
			{ kind: 'epci', code: 'epci:1' },
			{ kind: 'departement', code: 'dep:21' },
			{ kind: 'departement', code: 'dep:71' },
			{ kind: 'academie', code: 'aca:dijon' },
			{ kind: 'region', code: 'reg:27' }
		]);
		expect(trail.map((t) => t.code)).toEqual(['reg:27', 'aca:dijon', 'dep:21', 'epci:1']);
	});
});
