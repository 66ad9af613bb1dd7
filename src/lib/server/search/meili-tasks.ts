import { MeilisearchApiError, type EnqueuedTaskPromise, type Task } from 'meilisearch';

/** Waits until Meilisearch has processed a task, and fails unless it succeeded. */
export async function succeeded(enqueued: EnqueuedTaskPromise, timeout = 120_000): Promise<Task> {
	const task = await enqueued.waitTask({ timeout, interval: 100 });
	if (task.status !== 'succeeded')
		throw new Error(`Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? ''}`);
	return task;
}

/** True for Meilisearch's « index_not_found », however the client wrapped it. */
export function isNotFound(error: unknown): boolean {
	for (let e = error; e instanceof Error; e = e.cause)
		if (e instanceof MeilisearchApiError && e.cause?.code === 'index_not_found') return true;
	return false;
}
