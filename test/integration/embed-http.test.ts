import { readdirSync } from 'node:fs';
import { dirname, sep } from 'node:path';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as sessions from '../../src/lib/server/auth/sessions';
import * as users from '../../src/lib/server/auth/users';
import type { Sql } from '../../src/lib/server/db';
import { startDevServer } from '../helpers/dev-server';
import { placesDatabase } from './structures-fixtures';

/**
 * The embeddable map through real HTTP: the only page other sites may frame, without the
 * site's frame, cookies or personal data; /integrer writes its snippet.
 */
let sql: Sql;
let server: ViteDevServer;
let base: string;
let cookie: string;

beforeAll(async () => {
	sql = await placesDatabase();
	({ server, base } = await startDevServer());
	const user = await users.create({
		email: 'moderatrice.privee@exemple.fr',
		password: 'cheval agrafe batterie correcte',
		displayName: 'Modératrice Privée',
		verified: true,
		via: 'command-line'
	});
	const { token } = await sessions.create(user!.id);
	cookie = `session=${token}`;
}, 180_000);

afterAll(async () => {
	await server?.close();
});

const frameAncestors = (response: Response) =>
	/frame-ancestors ([^;]+)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];

/** Every page route without a parameter, from the route folders (the embed's sibling pages). */
function pagePaths(): string[] {
	return readdirSync('src/routes', { recursive: true, encoding: 'utf8' })
		.filter((file) => file.endsWith('+page.svelte') && !file.includes('['))
		.map((file) => {
			const folder = dirname(file);
			return folder === '.' ? '/' : `/${folder.split(sep).join('/')}`;
		});
}

describe('framing', () => {
	it('lets any site frame the embedded map, and only it', async () => {
		const embed = await fetch(`${base}/carte/integree?territory=dep:21`);
		expect(embed.status).toBe(200);
		expect(frameAncestors(embed)).toBe('*');
		expect(embed.headers.get('x-frame-options')).toBeNull();

		const paths = pagePaths();
		expect(paths).toContain('/carte/integree');
		expect(paths).toContain('/integrer');
		const others = [
			...paths.filter((p) => p !== '/carte/integree'),
			'/carte/integree/autre',
			'/structures/inconnue',
			'/api/v1/structures',
			'/api/v1/structures.csv'
		];
		for (const path of others) {
			const response = await fetch(base + path, { redirect: 'manual' });
			await response.arrayBuffer();
			expect(frameAncestors(response), path).toBe("'none'");
			expect(response.headers.get('x-frame-options'), path).toBe('DENY');
		}
	});
});

describe('/carte/integree', () => {
	it('shows the filtered list and a link to the full site, without the site’s frame', async () => {
		const response = await fetch(`${base}/carte/integree?territory=dep:21&category=ecole`);
		const html = await response.text();
		const [{ total }] = (await sql`
			select count(*)::int as total from structures s join territories c
				on c.kind = 'commune' and c.insee_code = s.commune_code
			where s.status = 'published' and c.departement_code = '21' and 'ecole' = any(s.categories)`) as unknown as [
			{ total: number }
		];
		expect(total).toBeGreaterThan(0);
		expect(html).toMatch(new RegExp(`${total} structures?\\s*·`));
		const link = /<a href="([^"]+)"[^>]*>Voir sur Cartonum/.exec(html)?.[1]?.replace(/&amp;/g, '&');
		const full = new URL(link!, `${base}/carte/integree`);
		expect(full.pathname + full.search).toBe('/?category=ecole&territory=dep:21');
		expect(html).toMatch(/<base target="_blank"\s*\/?>/);
		expect(html).not.toMatch(/<header[^>]*class="fr-header/);
		expect(html).not.toMatch(/<footer[^>]*class="fr-footer/);
	});

	it('sets no cookie and carries no account, even for a signed-in visitor', async () => {
		const anonymous = await fetch(`${base}/carte/integree`);
		await anonymous.arrayBuffer();
		expect(anonymous.headers.get('set-cookie')).toBeNull();

		const home = await (await fetch(`${base}/`, { headers: { cookie } })).text();
		expect(home).toContain('moderatrice.privee@exemple.fr');
		const signedIn = await fetch(`${base}/carte/integree`, { headers: { cookie } });
		const html = await signedIn.text();
		expect(html).not.toContain('moderatrice.privee@exemple.fr');
		expect(html).not.toContain('Modératrice Privée');
	});
});

describe('/integrer', () => {
	it('writes a titled iframe snippet of the embed with the chosen filters and size', async () => {
		const html = await (
			await fetch(
				`${base}/integrer?category=ecole&category=college&territory=dep:21&q=jules&largeur=640&hauteur=420&titre=Nos+%C3%A9coles`
			)
		).text();
		const snippet = /data-testid="embed-snippet"><code>([^<]*)<\/code>/.exec(html)?.[1] ?? '';
		const text = snippet
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&quot;/g, '"')
			.replace(/&amp;/g, '&');
		expect(text).toBe(
			`<iframe src="${base}/carte/integree?category=ecole,college&amp;territory=dep:21&amp;q=jules" title="Nos écoles" width="640" height="420" style="border: 1px solid #ddd; max-width: 100%" loading="lazy" referrerpolicy="no-referrer"></iframe>`
		);
		expect(html).toContain(
			'src="/carte/integree?category=ecole,college&amp;territory=dep:21&amp;q=jules"'
		);
	});

	it('escapes a title that tries to leave its attribute, and refuses a bad size in French', async () => {
		const html = await (
			await fetch(`${base}/integrer?titre=${encodeURIComponent('"><script>x</script>')}&hauteur=5`)
		).text();
		const snippet = /data-testid="embed-snippet"><code>([^<]*)<\/code>/.exec(html)?.[1] ?? '';
		const text = snippet.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
		expect(text).toContain('title="&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
		expect(html).not.toContain('"><script>x</script>');
		expect(html).toContain('Hauteur invalide');
		expect(html).toMatch(/height=\\?"500\\?"/);
	});
});
