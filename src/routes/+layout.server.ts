import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';

export const load = (({ locals, url }) => {
	const user = locals.user;
	return {
		user: user && { displayName: user.displayName, role: user.role, username: user.username },
		locale: getLocale(),
		path: url.pathname + url.search
	};
}) satisfies LayoutServerLoad;
