import { config } from '../config';
import { log } from '../log';
import * as outbox from './outbox';
import * as smtp from './smtp';

export { outbox };

export interface Email {
	to: string;
	subject: string;
	/** Plain text only: no HTML to escape, nothing a mail client could run. */
	text: string;
}

/**
 * Sends an email: through SMTP_URL when set, otherwise into the outbox table, which only an
 * operator reads (`npm run emails -- list`; /dev/emails under `vite dev`). SMTP delivery is not awaited, so that response times never reveal whether
 * an email was sent (an account exists); failures are logged.
 */
export async function send(email: Email): Promise<void> {
	if (!config.smtpUrl) {
		await outbox.add(email);
		return;
	}
	smtp.deliver(config.smtpUrl, config.mailFrom, email).then(
		() => log.info('email.sent', { subject: email.subject }),
		(error: unknown) => log.error('email.failed', { subject: email.subject, error: String(error) })
	);
}
