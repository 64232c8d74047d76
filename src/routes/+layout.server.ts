import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import * as notifications from '$lib/server/notifications/notifications';
import * as time from '$lib/server/time';

export const load = (async ({ locals, url }) => {
	const user = locals.user;
	return {
		user: user && { displayName: user.displayName, role: user.role, username: user.username },
		locale: getLocale(),
		timeZone: time.timeZone(),
		path: url.pathname + url.search,
		unread: user ? await notifications.unreadCount(user) : 0
	};
}) satisfies LayoutServerLoad;
