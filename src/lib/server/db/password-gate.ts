import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { connect, createServer, type Socket } from 'node:net';

/**
 * A PostgreSQL wire-protocol front door on loopback that asks for a password before it pipes
 * the connection to an upstream server that trusts every client (PGlite's socket server, which
 * has no authentication, listening on a Unix socket in a private folder).
 *
 * The challenge is PostgreSQL's MD5 one (a fresh salt per connection, so the password never
 * crosses the socket and an answer cannot be replayed); every client library speaks it.
 */
export interface PasswordGate {
	port: number;
	close(): Promise<void>;
}

const PROTOCOL_3 = 196608;
const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;
/** A startup message is a few hundred bytes; anything larger is not a PostgreSQL client. */
const MAX_MESSAGE = 10_000;
const AUTH_TIMEOUT_MS = 10_000;

export async function openPasswordGate(options: {
	/** The Unix socket of the server to protect. */
	upstream: string;
	password: string;
	host?: string;
}): Promise<PasswordGate> {
	const clients = new Set<Socket>();
	const server = createServer((client) => {
		clients.add(client);
		client.once('close', () => clients.delete(client));
		admit(client, options.upstream, options.password);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, options.host ?? '127.0.0.1', () => resolve());
	});
	const address = server.address();
	if (!address || typeof address !== 'object') throw new Error('password gate: no port');
	return {
		port: address.port,
		close: () =>
			new Promise((resolve) => {
				server.close(() => resolve());
				for (const client of clients) client.destroy();
			})
	};
}

function admit(client: Socket, upstream: string, password: string) {
	let buffer = Buffer.alloc(0);
	let startup: Buffer | undefined;
	let user = '';
	const salt = randomBytes(4);
	client.setTimeout(AUTH_TIMEOUT_MS, () => client.destroy());
	client.on('error', () => client.destroy());

	const onData = (chunk: Buffer) => {
		buffer = Buffer.concat([buffer, chunk]);
		if (buffer.length > MAX_MESSAGE) return client.destroy();
		while (!startup && buffer.length >= 8) {
			const length = buffer.readInt32BE(0);
			const code = buffer.readInt32BE(4);
			if (length < 8 || length > MAX_MESSAGE) return client.destroy();
			if (buffer.length < length) return;
			if (code === SSL_REQUEST || code === GSS_REQUEST) {
				// No encryption on loopback: the client goes on in clear, as with `sslmode=prefer`.
				client.write('N');
				buffer = buffer.subarray(length);
				continue;
			}
			if (code !== PROTOCOL_3) return client.destroy();
			startup = buffer.subarray(0, length);
			buffer = buffer.subarray(length);
			user = startupParameter(startup, 'user') ?? '';
			const challenge = Buffer.alloc(13);
			challenge.write('R', 0);
			challenge.writeInt32BE(12, 1);
			challenge.writeInt32BE(5, 5);
			salt.copy(challenge, 9);
			client.write(challenge);
		}
		if (!startup || buffer.length < 5) return;
		const length = buffer.readInt32BE(1);
		if (buffer[0] !== 0x70 /* 'p' */ || length < 5 || length > MAX_MESSAGE)
			return refuse(client, user);
		if (buffer.length < 1 + length) return;
		const answer = buffer.subarray(5, length).toString('utf8').replace(/\0$/, '');
		const rest = buffer.subarray(1 + length);
		client.pause();
		client.off('data', onData);
		if (!sameText(answer, md5Answer(password, user, salt))) return refuse(client, user);
		pipeTo(client, upstream, Buffer.concat([startup, rest]));
	};
	client.on('data', onData);
}

/** PostgreSQL's MD5 answer: 'md5' + md5(md5(password + user) + salt). */
export function md5Answer(password: string, user: string, salt: Buffer): string {
	const inner = createHash('md5')
		.update(password + user)
		.digest('hex');
	return (
		'md5' +
		createHash('md5')
			.update(Buffer.concat([Buffer.from(inner), salt]))
			.digest('hex')
	);
}

function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && timingSafeEqual(left, right);
}

function startupParameter(message: Buffer, name: string): string | undefined {
	const fields = message.subarray(8).toString('utf8').split('\0');
	for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
	return undefined;
}

/** The error a PostgreSQL server sends for a wrong password (SQLSTATE 28P01), then closes. */
function refuse(client: Socket, user: string) {
	const fields = Buffer.from(
		`SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user "${user.replace(/[^\w.@-]/g, '')}"\0\0`
	);
	const message = Buffer.alloc(5);
	message.write('E', 0);
	message.writeInt32BE(4 + fields.length, 1);
	client.end(Buffer.concat([message, fields]));
}

/** From here on the upstream server answers the startup message (AuthenticationOk, …). */
function pipeTo(client: Socket, upstream: string, pending: Buffer) {
	client.setTimeout(0);
	const server = connect({ path: upstream }, () => {
		server.write(pending);
		client.pipe(server);
		server.pipe(client);
		client.resume();
	});
	server.on('error', () => client.destroy());
	client.on('close', () => server.destroy());
	server.on('close', () => client.destroy());
}
