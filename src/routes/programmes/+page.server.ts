import * as programmes from '$lib/server/programmes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const [axes, all] = await Promise.all([programmes.axes(), programmes.list()]);
	return {
		axes: axes.map((axis) => ({
			...axis,
			programmes: all.filter((p) => p.axis.code === axis.code)
		}))
	};
};
