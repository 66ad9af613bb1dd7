import { latestRuns } from '$lib/server/import/latest-runs';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ runs: await latestRuns() });
