import { log } from '../log';

/**
 * Work that must not delay the answer: what an address-based request does once it is accepted
 * (look the account up, issue a link, write the email) takes a different time for a known and an
 * unknown address, so the answer leaves first and the work runs afterwards; a failure is logged.
 * Pending work is kept on globalThis, shared by Vite's module copies and the tests in the process.
 */
const state = globalThis as unknown as { __cartonumAfterResponse?: Set<Promise<void>> };
const pending = (state.__cartonumAfterResponse ??= new Set());

export function afterResponse(task: string, work: () => Promise<unknown>): void {
	const running: Promise<void> = new Promise<void>((start) => setImmediate(start))
		.then(work)
		.then(
			() => undefined,
			(error: unknown) => log.error('auth.after_response_failed', { task, error: String(error) })
		)
		.finally(() => pending.delete(running));
	pending.add(running);
}

/** Resolves once every pending piece of work has ended (tests, and a clean shutdown). */
export async function settled(): Promise<void> {
	while (pending.size) await Promise.all([...pending]);
}
