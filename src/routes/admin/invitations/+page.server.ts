import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedLoad } from '$lib/server/http';
import * as invitations from '$lib/server/people/invitations';
import { pageOf } from '$lib/server/input';

export const load = guardedLoad(async ({ url }) => ({
	invitations: await invitations.list(requireUser(), pageOf(url.searchParams.get('page')))
})) satisfies PageServerLoad;
