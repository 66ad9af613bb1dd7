import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	test: {
		include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
		globalSetup: ['test/global-setup.ts'],
		// Integration files share one embedded PGlite (a single backend) unless
		// TEST_DATABASE_URL points at a server; each file still gets a schema of its own.
		fileParallelism: !!process.env.TEST_DATABASE_URL,
		testTimeout: 60_000,
		hookTimeout: 180_000,
		env: { LOG_LEVEL: 'silent' }
	}
});
