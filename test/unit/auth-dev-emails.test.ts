import { isHttpError } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/lib/server/config', () => ({ config: { production: true } }));

describe('/dev/emails', () => {
	it('does not exist in production', async () => {
		const { load } = await import('../../src/routes/dev/emails/+page.server');
		const event = { url: new URL('http://cartonum.test/dev/emails'), setHeaders: () => {} };
		await expect(
			(async () => load(event as unknown as Parameters<typeof load>[0]))()
		).rejects.toSatisfy((error: unknown) => isHttpError(error, 404));
	});
});
