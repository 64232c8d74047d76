import type { Cookies } from '@sveltejs/kit';
import { sessionExpiresAt, type Session } from './session';

/** Over https the cookie is Secure and `__Host-` prefixed; over plain http (localhost) neither. */
export function sessionCookieName(url: URL): string {
	return url.protocol === 'https:' ? '__Host-sapling-session' : 'sapling-session';
}

export function setSessionCookie(
	cookies: Cookies,
	url: URL,
	token: string,
	session: Session
): void {
	cookies.set(sessionCookieName(url), token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		expires: sessionExpiresAt(session)
	});
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(sessionCookieName(url), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:'
	});
}
