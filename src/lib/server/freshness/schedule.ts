import { log } from '../log';
import { sendDue } from './confirmations';

const HOUR = 60 * 60 * 1000;
let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Sends due confirmation requests and reminders every hour, in the background, on every app
 * server: the claims in confirmation_requests keep them from sending the same email twice.
 * The timer never keeps the process alive.
 */
export function startConfirmations(everyMs = HOUR): void {
	if (timer) return;
	timer = setInterval(() => {
		sendDue().then(
			(sent) => {
				if (sent.requests || sent.reminders || sent.flagged)
					log.info('freshness.confirmations', { ...sent });
			},
			(error: unknown) => log.error('freshness.confirmations_failed', { error: String(error) })
		);
	}, everyMs);
	timer.unref();
}

export function stopConfirmations(): void {
	clearInterval(timer);
	timer = undefined;
}
