import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedLoad } from '$lib/server/http';
import * as users from '$lib/server/people/users';
import { pageOf } from '$lib/server/input';

export const load = guardedLoad(async ({ url }) => {
	const filter = users.UserFilter.parse({
		role: url.searchParams.get('role') || undefined,
		q: url.searchParams.get('q') || undefined
	});
	return {
		users: await users.list(requireUser(), filter, pageOf(url.searchParams.get('page'))),
		filter: { role: filter.role ?? '', q: filter.q ?? '' }
	};
}) satisfies PageServerLoad;
