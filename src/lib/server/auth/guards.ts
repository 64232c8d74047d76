import { getRequestEvent } from '$app/server';
import { redirect } from '@sveltejs/kit';
import type { SessionUser } from './session';

/** The signed-in person, or a redirect to sign in that comes back here afterwards. */
export function requireUser(): SessionUser {
	const { locals, url } = getRequestEvent();
	if (!locals.user) {
		redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
	}
	return locals.user;
}

/** The signed-in person or null, for pages anyone may see. */
export function currentUser(): SessionUser | null {
	return getRequestEvent().locals.user;
}
