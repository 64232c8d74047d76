import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { signIn } from '$lib/server/auth/sign-in';
import { parseForm, refuse } from '$lib/server/forms';

const SignIn = z.object({
	username: z.string().min(1).max(64),
	password: z.string().min(1).max(1024),
	next: z.string().max(2000).optional()
});

/** Only a path on this site, so the login page can't be used as an open redirect. */
function safeNext(next: string | null | undefined): string {
	return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
		? next
		: '/';
}

export const load = (({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')) };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const parsed = await parseForm(SignIn, request);
		if (!parsed.ok) return fail(400, parsed);
		const { username, password, next } = parsed.data;
		const result = await signIn(username, password, getClientAddress());
		if (!result.ok) {
			if (result.reason === 'throttled') {
				const seconds = Math.ceil(result.retryAfterMs / 1000);
				return refuse(parsed.values, {}, m.login_throttled({ seconds }), 429);
			}
			return refuse(parsed.values, {}, m.login_failed());
		}
		setSessionCookie(cookies, url, result.session.token, result.session);
		redirect(303, safeNext(next));
	}
} satisfies Actions;
