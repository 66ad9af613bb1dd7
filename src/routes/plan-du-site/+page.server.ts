import * as programmes from '$lib/server/programmes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ axes: await programmes.axes() });
