import type { PageServerLoad } from './$types';
import { currentUser } from '$lib/server/auth/guards';
import { guardedLoad } from '$lib/server/http';
import * as thanks from '$lib/server/donations/thanks';

export const load = guardedLoad(async ({ params, url }) => ({
	note: await thanks.get(currentUser(), Number(params.id)),
	posted: url.searchParams.get('posted') === '1'
})) satisfies PageServerLoad;
