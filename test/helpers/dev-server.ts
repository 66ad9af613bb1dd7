import type { AddressInfo } from 'node:net';
import { createServer, type ViteDevServer } from 'vite';

/**
 * The app served in-process by Vite on a free port, over the database the calling test file
 * opened (the app's `sql` already points at it); no data import.
 */
export async function startDevServer(): Promise<{ server: ViteDevServer; base: string }> {
	process.env.AUTO_IMPORT = 'false';
	const server = await createServer({
		configFile: 'vite.config.ts',
		logLevel: 'silent',
		server: { host: '127.0.0.1', port: 0, hmr: false, watch: null }
	});
	await server.listen();
	const base = `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}`;
	return { server, base };
}
