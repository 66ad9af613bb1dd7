import type { Page } from 'playwright-core';

/**
 * Records every response the app answers with an error (tiles, data, assets) as
 * `<status> <url>`: a page can look fine while its map misses tiles.
 */
export function failedResponses(page: Page): string[] {
	const failed: string[] = [];
	page.on('response', (response) => {
		if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
	});
	return failed;
}
