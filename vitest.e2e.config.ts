import { defineConfig } from 'vitest/config';

// Browser journeys, run by test/e2e/run.js against the production build.
export default defineConfig({
	test: {
		include: ['test/e2e/**/*.test.ts'],
		fileParallelism: false,
		testTimeout: 90_000,
		hookTimeout: 120_000
	}
});
