import type { Cookies } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { deleteSessionCookie, sessionCookieName, setSessionCookie } from './cookie';
import { ABSOLUTE_LIFETIME_MS, INACTIVITY_TIMEOUT_MS } from './session';

function recorder() {
	const calls: { name: string; value: string; options: Record<string, unknown> }[] = [];
	const cookies = {
		set: (name: string, value: string, options: Record<string, unknown>) =>
			calls.push({ name, value, options }),
		delete: (name: string, options: Record<string, unknown>) =>
			calls.push({ name, value: '', options })
	} as unknown as Cookies;
	return { cookies, calls };
}

describe('session cookie', () => {
	const session = { id: 'a', userId: 1, createdAt: 0, lastVerifiedAt: 0 };

	it('over https is Secure, HttpOnly, SameSite=Lax and __Host- prefixed, with path /', () => {
		const { cookies, calls } = recorder();
		setSessionCookie(cookies, new URL('https://sapling.example.org/login'), 'a.b', session);
		expect(calls[0].name).toBe('__Host-sapling-session');
		expect(calls[0].options).toMatchObject({
			secure: true,
			httpOnly: true,
			sameSite: 'lax',
			path: '/'
		});
		expect(calls[0].options).not.toHaveProperty('domain');
	});

	it('over plain http (localhost) is not Secure and not prefixed', () => {
		const { cookies, calls } = recorder();
		setSessionCookie(cookies, new URL('http://localhost:3000/login'), 'a.b', session);
		expect(calls[0].name).toBe('sapling-session');
		expect(calls[0].options).toMatchObject({ secure: false, httpOnly: true, sameSite: 'lax' });
		expect(sessionCookieName(new URL('http://localhost'))).toBe('sapling-session');
	});

	it('expires when the first of the two limits is reached', () => {
		const { cookies, calls } = recorder();
		setSessionCookie(cookies, new URL('http://localhost'), 'a.b', session);
		expect((calls[0].options.expires as Date).getTime()).toBe(
			Math.min(INACTIVITY_TIMEOUT_MS, ABSOLUTE_LIFETIME_MS)
		);
		const late = { ...session, lastVerifiedAt: ABSOLUTE_LIFETIME_MS - 1000 };
		setSessionCookie(cookies, new URL('http://localhost'), 'a.b', late);
		expect((calls[1].options.expires as Date).getTime()).toBe(ABSOLUTE_LIFETIME_MS);
		deleteSessionCookie(cookies, new URL('https://x.org'));
		expect(calls[2].name).toBe('__Host-sapling-session');
	});
});
