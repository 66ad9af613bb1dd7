import { sql } from '../db';
import { log } from '../log';
import { ensureIndex } from './index-admin';
import { meiliTarget } from './meili';
import { tidy } from './outbox';
import { relayOnce } from './relay';

/**
 * The in-process relay, started at boot: when MEILI_URL is set, it pushes the outbox to
 * Meilisearch. Every app server may run one; outbox leases keep them from pushing the same
 * structure twice. It polls (once a second when idle) and backs off while Meilisearch is
 * unreachable. With or without Meilisearch, it tidies the outbox once an hour.
 */
const IDLE_MS = 1_000;
const MAX_PAUSE_MS = 30_000;
const TIDY_EVERY_MS = 3_600_000;

interface Relay {
	stopped: boolean;
	timer?: NodeJS.Timeout;
	running?: Promise<void>;
	tidier?: NodeJS.Timeout;
}

const state = globalThis as unknown as { __cartonumRelay?: Relay };

export function startRelay() {
	if (state.__cartonumRelay) return;
	const target = meiliTarget();
	const relay: Relay = { stopped: false };
	state.__cartonumRelay = relay;
	relay.tidier = setInterval(() => {
		tidy(sql, !!target).catch((error) => log.warn('search.tidy_failed', { error: String(error) }));
	}, TIDY_EVERY_MS);
	relay.tidier.unref();
	if (!target) return;
	let ready = false;
	let pause = IDLE_MS;
	const tick = async () => {
		let delay = IDLE_MS;
		try {
			if (!ready) {
				await ensureIndex(sql, target);
				ready = true;
				log.info('search.relay_ready', { index: target.index });
			}
			const report = await relayOnce(sql, target);
			delay = report.rows ? 0 : IDLE_MS;
			pause = IDLE_MS;
		} catch (error) {
			ready = false;
			pause = Math.min(pause * 2, MAX_PAUSE_MS);
			delay = pause;
			log.warn('search.relay_paused', { ms: pause, error: String(error) });
		}
		if (!relay.stopped) schedule(delay);
	};
	const schedule = (delay: number) => {
		relay.timer = setTimeout(() => (relay.running = tick()), delay);
		// The relay alone never keeps a process alive (scripts, tests).
		relay.timer.unref();
	};
	schedule(0);
}

export async function stopRelay() {
	const relay = state.__cartonumRelay;
	if (!relay) return;
	relay.stopped = true;
	clearTimeout(relay.timer);
	clearInterval(relay.tidier);
	await relay.running;
	state.__cartonumRelay = undefined;
}
