import type { SubmitFunction } from '@sveltejs/kit';

/**
 * Progressive enhancement that empties password fields after every answer, as a page
 * reloaded without JavaScript does: a password is never kept in the page.
 */
export const clearPasswords: SubmitFunction =
	() =>
	async ({ update, formElement }) => {
		await update();
		for (const input of formElement.querySelectorAll<HTMLInputElement>('input[type="password"]'))
			input.value = '';
	};
