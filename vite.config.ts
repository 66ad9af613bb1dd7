import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig, type Plugin } from 'vite';

/**
 * In development, open the database (and import the data on a first start) as soon as the
 * server listens, rather than on the first request, so the map is ready when opened.
 */
function warmUp(): Plugin {
	return {
		name: 'cartonum-warm-up',
		apply: 'serve',
		configureServer(server) {
			server.httpServer?.once('listening', () => {
				server
					.ssrLoadModule('/src/lib/server/bootstrap.ts')
					.then((bootstrap) => bootstrap.ready())
					.catch((error) => server.config.logger.error(`Démarrage de la base : ${error}`));
			});
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), warmUp()],
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
