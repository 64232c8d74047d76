import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedLoad } from '$lib/server/http';
import * as schools from '$lib/server/people/schools';
import * as counties from '$lib/server/people/counties';
import { pageOf } from '$lib/server/input';

export const load = guardedLoad(async ({ url }) => {
	const actor = requireUser();
	return {
		schools: await schools.list(actor, pageOf(url.searchParams.get('page'))),
		hasCounties: (await counties.options(actor)).length > 0
	};
}) satisfies PageServerLoad;
