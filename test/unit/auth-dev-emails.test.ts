import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';

// What the built server sees, whatever NODE_ENV says (the browser tests check the build itself).
vi.mock('$app/environment', () => ({ dev: false, browser: false, building: false }));

describe('/dev/emails', () => {
	it('does not exist outside `vite dev`', async () => {
		const { load } = await import('../../src/routes/dev/emails/+page.server');
		const event = { url: new URL('http://cartonum.test/dev/emails'), setHeaders: () => {} };
		await expect(
			(async () => load(event as unknown as Parameters<typeof load>[0]))()
		).rejects.toSatisfy((error: unknown) => isHttpError(error, 404));
	});
});
