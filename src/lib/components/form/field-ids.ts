/**
 * The ids tying a form control to its label and message zone. The end-to-end tests select
 * fields by the `champ-<name>` id, so keep the scheme.
 */
export function fieldIds(name: string): { control: string; messages: string } {
	const control = `champ-${name}`;
	return { control, messages: `${control}-messages` };
}
