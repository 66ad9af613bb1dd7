import { resolve } from 'node:path';
import { log } from './log';

/**
 * The one place where the environment is read. Required settings fail fast;
 * optional ones degrade with a logged warning.
 */
function readConfig(env: NodeJS.ProcessEnv = process.env) {
	const config = {
		/** PostgreSQL+PostGIS server; unset → embedded PGlite under dataDir. */
		databaseUrl: env.DATABASE_URL || undefined,
		/**
		 * A read replica for the public API's reads and the tiles (GET /api/v1/… but contacts,
		 * /tiles/…); unset → the primary. Writes always go to DATABASE_URL.
		 */
		databaseReadUrl: env.DATABASE_URL ? env.DATABASE_READ_URL || undefined : undefined,
		/**
		 * A process that never writes, so that it can run on a replica: no migrations, no
		 * relay, purge or reminder timers, no import; requests other than GET/HEAD are refused
		 * (503), anonymous searches are not counted here (limit them at the proxy), sessions are
		 * read without being extended.
		 */
		readOnly: env.READ_ONLY === 'true',
		dataDir: resolve(env.DATA_DIR || '.data'),
		/** Import the regional open data on first start when the database is empty. */
		autoImport: env.AUTO_IMPORT !== 'false',
		meiliUrl: env.MEILI_URL || undefined,
		meiliMasterKey: env.MEILI_MASTER_KEY || undefined,
		meiliIndex: env.MEILI_INDEX || 'structures',
		/** A MapLibre style URL replacing the offline basemap (e.g. IGN Plan). */
		basemapStyleUrl: env.PUBLIC_BASEMAP_STYLE_URL || undefined,
		geocoder: (env.GEOCODER === 'ban' ? 'ban' : 'offline') as 'ban' | 'offline',
		smtpUrl: env.SMTP_URL || undefined,
		/** Sender of account and moderation emails. */
		mailFrom: env.MAIL_FROM || 'Cartonum <ne-pas-repondre@cartonum.region-academique-bfc.fr>',
		dpoContact: env.DPO_CONTACT || 'dpd@region-academique-bfc.fr',
		/** Where visitors report an accessibility problem or ask about the service. */
		contactEmail: env.CONTACT_EMAIL || env.DPO_CONTACT || 'dpd@region-academique-bfc.fr',
		/** Where vulnerabilities are reported (/.well-known/security.txt). */
		securityContact:
			env.SECURITY_CONTACT ||
			env.CONTACT_EMAIL ||
			env.DPO_CONTACT ||
			'dpd@region-academique-bfc.fr',
		origin: env.ORIGIN || undefined,
		/**
		 * The header holding the client's address behind a proxy (adapter-node's own setting):
		 * without it, every per-address limit sees the proxy's address.
		 */
		addressHeader: env.ADDRESS_HEADER || undefined,
		/** Requests waiting longer than this many days are highlighted in the moderation queue. */
		moderationStaleDays: positiveInteger(env.MODERATION_STALE_DAYS, 7),
		/** A fiche not confirmed for this many months shows « À vérifier ». */
		freshnessMonths: positiveInteger(env.FRESHNESS_MONTHS, 12),
		/** Managers are asked to confirm their fiche this many months after its last confirmation. */
		confirmationMonths: positiveInteger(env.CONFIRMATION_MONTHS, 11),
		/** Days after the request before the reminder, and after the reminder before moderators are told. */
		confirmationReminderDays: positiveInteger(env.CONFIRMATION_REMINDER_DAYS, 14),
		/** Days a confirmation link stays valid. */
		confirmationLinkDays: positiveInteger(env.CONFIRMATION_LINK_DAYS, 30),
		/** From this zoom on, structure tiles hold the structures themselves instead of clusters. */
		tilesPointsZoom: positiveInteger(env.TILES_POINTS_ZOOM, 13),
		/**
		 * How long a process trusts the map data version it read (ms); 0: read it on every tile
		 * request. A write shows in every process's tiles within this delay. Production trusts it
		 * for a second (server.js sets 1000: a cached tile then costs no query); development and
		 * tests read it each time.
		 */
		tilesVersionTtlMs: nonNegativeInteger(env.TILES_VERSION_TTL_MS, 0)
	};
	if (!config.databaseUrl)
		log.info('config', { database: 'embedded PGlite', dataDir: config.dataDir });
	if (!config.smtpUrl)
		log.warn('config', {
			email: 'SMTP_URL unset: emails kept in the email_outbox table (npm run emails -- list)'
		});
	if (!config.meiliUrl)
		log.warn('config', { search: 'MEILI_URL unset: search answered by PostgreSQL' });
	return config;
}

/**
 * Behind a proxy (ORIGIN in https), without ADDRESS_HEADER every client has the proxy's address,
 * so each per-address limit (sign-in, password reset, search) is shared by everyone.
 */
export function proxyWarning({
	origin,
	addressHeader
}: {
	origin?: string;
	addressHeader?: string;
}): string | undefined {
	if (!origin?.startsWith('https:') || addressHeader) return undefined;
	return (
		'ORIGIN is https but ADDRESS_HEADER is unset: behind a proxy, every per-address limit sees ' +
		"the proxy's address. Set ADDRESS_HEADER (e.g. X-Forwarded-For) and XFF_DEPTH (the number " +
		'of trusted proxies).'
	);
}

function positiveInteger(value: string | undefined, fallback: number): number {
	const number = Number(value);
	return value && Number.isInteger(number) && number > 0 ? number : fallback;
}

function nonNegativeInteger(value: string | undefined, fallback: number): number {
	const number = Number(value);
	return value && Number.isInteger(number) && number >= 0 ? number : fallback;
}

export const config = readConfig();
export type Config = typeof config;
