import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

// Not BASE_URL: Vitest sets that one to Vite's base path ('/').
export const baseUrl = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:4173';

const ARGS = [
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

export function launch(extraArgs: string[] = []): Promise<Browser> {
	return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...ARGS, ...extraArgs] });
}

export interface Watched {
	page: Page;
	context: BrowserContext;
	/** Uncaught errors raised in the page. */
	errors: string[];
	/** Requests to anything but the app itself (and inline data/blob URLs). */
	outsideRequests: string[];
}

/** A page that records page errors and every request leaving the app's origin. */
export async function watchedPage(
	browser: Browser,
	viewport = { width: 1280, height: 800 },
	{ javaScriptEnabled = true }: { javaScriptEnabled?: boolean } = {}
): Promise<Watched> {
	const context = await browser.newContext({ viewport, locale: 'fr-FR', javaScriptEnabled });
	const page = await context.newPage();
	const errors: string[] = [];
	const outsideRequests: string[] = [];
	const origin = new URL(baseUrl).origin;
	page.on('pageerror', (error) => errors.push(String(error)));
	await context.route('**/*', (route) => {
		const url = route.request().url();
		if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) {
			return route.continue();
		}
		outsideRequests.push(url);
		return route.abort();
	});
	return { page, context, errors, outsideRequests };
}
