import * as programmes from '../programmes';

/** Programme titles by number, for diffs. */
export async function programmeTitles(): Promise<Map<number, string>> {
	return new Map((await programmes.list()).map((p) => [p.number, p.title]));
}
