import type { AuthLocals } from '$lib/server/auth/handle';

// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Locals {
			user: AuthLocals['user'];
			session: AuthLocals['session'];
			requestPath: AuthLocals['requestPath'];
		}
	}
}

export {};
