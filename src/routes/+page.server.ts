import type { PageServerLoad } from './$types';
import { currentUser } from '$lib/server/auth/guards';
import * as home from '$lib/server/people/home';

export const load = (async () => {
	const user = currentUser();
	return { home: user ? await home.summary(user) : null };
}) satisfies PageServerLoad;
