import type { LayoutServerLoad } from './$types';
import { getLocale } from '$lib/paraglide/runtime';
import { takeFlash } from '$lib/server/flash';
import * as notifications from '$lib/server/notifications/notifications';
import * as time from '$lib/server/time';

export const load = (async ({ locals, url, cookies, setHeaders }) => {
	const user = locals.user;
	// Runs on every page load and client-side navigation (it reads the url), so a confirmation is
	// shown on the page the action redirected to and gone on the next.
	const flash = await takeFlash({ cookies, url });
	// One visitor's one-time message: no cache may keep it, even on a signed-out page.
	if (flash) setHeaders({ 'cache-control': 'private, no-store' });
	return {
		user: user && { displayName: user.displayName, role: user.role, username: user.username },
		locale: getLocale(),
		timeZone: time.timeZone(),
		path: url.pathname + url.search,
		unread: user ? await notifications.unreadCount(user) : 0,
		flash
	};
}) satisfies LayoutServerLoad;
