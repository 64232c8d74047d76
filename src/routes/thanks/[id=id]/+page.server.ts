import type { PageServerLoad } from './$types';
import { currentUser } from '$lib/server/auth/guards';
import { guardedLoad } from '$lib/server/http';
import * as thanks from '$lib/server/donations/thanks';

export const load = guardedLoad(async ({ params }) => ({
	note: await thanks.get(currentUser(), Number(params.id))
})) satisfies PageServerLoad;
