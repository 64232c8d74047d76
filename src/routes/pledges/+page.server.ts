import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import * as pledges from '$lib/server/donations/pledges';
import { pageOf } from '$lib/server/donations/supply-input';
import { guardedLoad } from '$lib/server/http';

export const load = guardedLoad(async ({ url }) => {
	const actor = requireUser();
	return {
		pledges: await pledges.list(actor, { page: pageOf(url.searchParams.get('page')) }),
		isSponsor: actor.role === 'sponsor'
	};
}) satisfies PageServerLoad;
