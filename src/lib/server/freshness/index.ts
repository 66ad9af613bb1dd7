/**
 * How fresh the directory is: one-click confirmations by managers (emails, reminders, flags)
 * and the moderators' dashboard. Used as `import * as freshness from '$lib/server/freshness'`.
 */
export {
	confirm,
	confirmAsManager,
	confirmationEmail,
	peek,
	sendDue,
	type ConfirmationTarget,
	type SendResult
} from './confirmations';
export {
	byCategory,
	byDepartement,
	overall,
	sharesCsv,
	staleCsv,
	staleFiches,
	type ShareRow,
	type StaleFiche
} from './dashboard';
export { startConfirmations, stopConfirmations } from './schedule';
