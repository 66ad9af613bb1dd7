import nodemailer, { type Transporter } from 'nodemailer';
import type { Email } from './index';

let transport: { url: string; transporter: Transporter } | undefined;

/** One pooled connection per process, opened on the first email. */
export async function deliver(url: string, from: string, email: Email): Promise<void> {
	if (transport?.url !== url) {
		transport = { url, transporter: nodemailer.createTransport(url) };
	}
	await transport.transporter.sendMail({
		from,
		to: email.to,
		subject: email.subject,
		text: email.text
	});
}
