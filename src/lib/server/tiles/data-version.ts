import { config } from '../config';
import { sql } from '../db';

/**
 * The map data version: a number in `map_data_version` that every write to the structures
 * bumps in its own transaction (migration 015). Tiles are cached under it, so a write through
 * any app process makes every process render afresh; it becomes visible only once committed.
 * Concurrent requests share one read; `TILES_VERSION_TTL_MS` lets a process reuse it a while.
 */

let current: { version: string; readAt: number } | null = null;
let reading: Promise<string> | null = null;

export function mapDataVersion(): Promise<string> {
	const ttl = config.tilesVersionTtlMs;
	if (current && ttl > 0 && Date.now() - current.readAt < ttl) {
		return Promise.resolve(current.version);
	}
	reading ??= sql<{ version: string }[]>`select version::text as version from map_data_version`
		.then(([row]) => {
			const version = row?.version ?? '0';
			current = { version, readAt: Date.now() };
			return version;
		})
		.finally(() => (reading = null));
	return reading;
}
