import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

export default defineConfig({
	plugins: [sveltekit()],
	ssr: {
		// PGlite loads its WebAssembly and data bundles from its own package folder at run time.
		external: [
			'@electric-sql/pglite',
			'@electric-sql/pglite-postgis',
			'@electric-sql/pglite-socket',
			'@node-rs/argon2'
		]
	},
	optimizeDeps: {
		exclude: ['@electric-sql/pglite', '@electric-sql/pglite-postgis', '@electric-sql/pglite-socket']
	},
	server: { host: process.env.HOST ?? '127.0.0.1', port: Number(process.env.PORT ?? 5173) }
});
