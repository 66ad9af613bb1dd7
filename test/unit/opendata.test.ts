import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EMBED_ROUTE, iframeSnippet } from '../../src/lib/components/embed';
import { compress } from '../../src/lib/server/compression';
import { osmOpeningHours } from '../../src/lib/server/opendata/lmn-hours';
import { frameAncestorsFor, secureHeaders } from '../../src/lib/server/security-headers';

describe('osmOpeningHours', () => {
	it('turns MedNum BFC half-days into OpenStreetMap opening_hours', () => {
		expect(
			osmOpeningHours({
				lundi: { matin: '8h30-12h', apres_midi: '13h30-17h' },
				mercredi: { matin: '9h - 12h' },
				samedi: { apres_midi: '14h-18h30' }
			})
		).toBe('Mo 08:30-12:00,13:30-17:00; We 09:00-12:00; Sa 14:00-18:30');
	});

	it('gives nothing rather than wrong hours', () => {
		expect(osmOpeningHours({ lundi: { matin: 'sur rendez-vous' } })).toBeNull();
		expect(osmOpeningHours({ lundi: { matin: '12h-9h' } })).toBeNull();
		expect(osmOpeningHours({ lundi: { matin: '25h-26h' } })).toBeNull();
		expect(osmOpeningHours({})).toBeNull();
		expect(osmOpeningHours(null)).toBeNull();
	});
});

describe('iframeSnippet', () => {
	it('writes a titled frame whose attributes no value can leave', () => {
		const snippet = iframeSnippet({
			src: 'https://cartonum.example/carte/integree?q=a"b&category=ecole',
			width: '640',
			height: 420,
			title: 'Nos <écoles> "à nous"'
		});
		expect(snippet).toBe(
			'<iframe src="https://cartonum.example/carte/integree?q=a&quot;b&amp;category=ecole" title="Nos &lt;écoles&gt; &quot;à nous&quot;" width="640" height="420" style="border: 1px solid #ddd; max-width: 100%" loading="lazy" referrerpolicy="no-referrer"></iframe>'
		);
	});
});

describe('framing', () => {
	it('lets anyone frame the embedded map and no one any other page', () => {
		expect(frameAncestorsFor(EMBED_ROUTE)).toBe('*');
		for (const path of ['/', '/integrer', '/carte', '/carte/integree/x', '/compte/connexion'])
			expect(frameAncestorsFor(path), path).toBe("'none'");
		const headersOf = (url: string) => {
			const headers = new Headers({ 'Content-Type': 'text/html' });
			secureHeaders(headers, new URL(url), { signedIn: false });
			return headers;
		};
		const embed = headersOf(`http://x${EMBED_ROUTE}?category=ecole`);
		expect(embed.get('Content-Security-Policy')).toContain('frame-ancestors *');
		expect(embed.get('X-Frame-Options')).toBeNull();
		const other = headersOf('http://x/donnees');
		expect(other.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
		expect(other.get('X-Frame-Options')).toBe('DENY');
	});
});

describe('compress, files to download', () => {
	const text =
		'id;nom\r\n' + Array.from({ length: 5000 }, (_, i) => `${i};École ${i}\r\n`).join('');
	const file = () =>
		new Response(
			new ReadableStream({
				start(controller) {
					const bytes = new TextEncoder().encode(text);
					for (let i = 0; i < bytes.length; i += 4096) controller.enqueue(bytes.slice(i, i + 4096));
					controller.close();
				}
			}),
			{
				headers: {
					'Content-Type': 'text/csv; charset=utf-8',
					'Content-Disposition': 'attachment; filename="f.csv"'
				}
			}
		);

	it('compresses a file as a stream, without a length, keeping every byte', async () => {
		for (const [encoding, decode] of [
			['br', brotliDecompressSync],
			['gzip', gunzipSync]
		] as const) {
			const response = await compress(
				new Request('http://x/', { headers: { 'Accept-Encoding': encoding } }),
				file()
			);
			expect(response.headers.get('Content-Encoding')).toBe(encoding);
			expect(response.headers.get('Content-Length')).toBeNull();
			expect(decode(Buffer.from(await response.arrayBuffer())).toString()).toBe(text);
		}
	});
});
