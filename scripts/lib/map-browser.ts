// Headless Chromium measures of a map page, for npm run bench:map: time until the structures'
// clusters are drawn, bytes of structure data transferred until then, and the JavaScript heap
// of the page and its workers (MapLibre parses tiles and clusters GeoJSON in workers).
import type { Browser, CDPSession } from 'playwright-core';
import { CLUSTERS_DRAWN_MARK } from '../../src/lib/map/marks';

export const VIEWPORT = { width: 1280, height: 800 };
export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--headless',
	'--disable-gpu',
	'--use-angle=swiftshader',
	'--enable-unsafe-swiftshader',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run',
	'--disable-quic'
];

export interface MapLoad {
	/** Milliseconds from navigation start to the first idle map showing clusters. */
	ms: number;
	/** Bytes received (body as sent, compressed, and headers) of the structure data, until then. */
	dataBytes: number;
	/** Every byte on the wire until then (page, scripts, basemap tiles, data). */
	totalBytes: number;
	/** JavaScript heap used by the page and its workers, in bytes (after a garbage collection). */
	heapBytes: number;
}

/** Loads `url` in a fresh context (cold cache) and measures it; `isData` names structure data. */
export async function measureMapLoad(
	browser: Browser,
	url: string,
	isData: (url: string) => boolean
): Promise<MapLoad> {
	const context = await browser.newContext({ viewport: VIEWPORT, locale: 'fr-FR' });
	try {
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		let dataBytes = 0;
		let totalBytes = 0;
		// Playwright reports the requests of the page's workers too (MapLibre fetches tiles there).
		page.on('requestfinished', (request) => {
			void request.sizes().then((sizes) => {
				const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
				totalBytes += bytes;
				if (isData(request.url())) dataBytes += bytes;
			});
		});
		const workers = await watchWorkers(cdp);
		await page.goto(url);
		const handle = await page.waitForFunction(
			(mark) => performance.getEntriesByName(mark)[0]?.startTime,
			CLUSTERS_DRAWN_MARK,
			{ timeout: 120_000, polling: 50 }
		);
		const ms = (await handle.jsonValue()) as number;
		// Sizes are read asynchronously: a moment for those of the last responses.
		await page.waitForTimeout(200);
		const transferred = { dataBytes, totalBytes };
		await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
		const main = (await cdp.send('Runtime.getHeapUsage')).usedSize;
		const heapBytes = main + (await workers.heap());
		return { ms, ...transferred, heapBytes };
	} finally {
		await context.close();
	}
}

/**
 * The page's dedicated workers, attached through the page's DevTools session (not flattened:
 * messages go through Target.sendMessageToTarget), so that their heaps can be read.
 */
async function watchWorkers(cdp: CDPSession) {
	const sessions: string[] = [];
	const pending = new Map<number, (result: { usedSize?: number }) => void>();
	let nextId = 1;
	cdp.on('Target.attachedToTarget', (event) => {
		if (event.targetInfo.type === 'worker') sessions.push(event.sessionId);
	});
	cdp.on('Target.receivedMessageFromTarget', (event) => {
		const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
		if (message.id !== undefined) pending.get(message.id)?.(message.result ?? {});
	});
	await cdp.send('Target.setAutoAttach', {
		autoAttach: true,
		waitForDebuggerOnStart: false,
		flatten: false
	});
	const call = (sessionId: string, method: string) =>
		new Promise<{ usedSize?: number }>((done) => {
			const id = nextId++;
			pending.set(id, done);
			setTimeout(() => done({}), 5000);
			void cdp
				.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
				.catch(() => done({}));
		});
	return {
		async heap(): Promise<number> {
			let sum = 0;
			for (const session of sessions) {
				await call(session, 'HeapProfiler.collectGarbage');
				sum += (await call(session, 'Runtime.getHeapUsage')).usedSize ?? 0;
			}
			return sum;
		},
		count: () => sessions.length
	};
}
