import { sql } from '../db';
import type { Email } from './index';

export interface OutboxEmail extends Email {
	id: string;
	createdAt: Date;
}

export async function add(email: Email): Promise<void> {
	await sql`insert into email_outbox (recipient, subject, body)
		values (${email.to}, ${email.subject}, ${email.text})`;
}

/** The latest emails first, optionally for one recipient. */
export async function list({ to, limit = 50 }: { to?: string; limit?: number } = {}): Promise<
	OutboxEmail[]
> {
	const rows = await sql<
		{ id: bigint; recipient: string; subject: string; body: string; created_at: Date }[]
	>`
		select id, recipient, subject, body, created_at from email_outbox
		${to ? sql`where lower(recipient) = ${to.trim().toLowerCase()}` : sql``}
		order by id desc limit ${limit}`;
	return rows.map((r) => ({
		id: String(r.id),
		to: r.recipient,
		subject: r.subject,
		text: r.body,
		createdAt: r.created_at
	}));
}
