import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/session';
import { signIn } from '$lib/server/auth/sign-in';
import { parseForm, refuse } from '$lib/server/forms';
import { safeNext } from '$lib/server/redirect';
import { flash } from '$lib/server/flash';

const SignIn = z.object({
	username: z.string().min(1).max(64),
	password: z.string().min(1).max(1024),
	next: z.string().max(2000).optional()
});

export const load = (({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')) };
}) satisfies PageServerLoad;

export const actions = {
	default: async ({ request, cookies, url, locals, getClientAddress, setHeaders }) => {
		const parsed = await parseForm(SignIn, request);
		if (!parsed.ok) return fail(400, parsed);
		const { username, password, next } = parsed.data;
		const result = await signIn(username, password, getClientAddress());
		if (!result.ok) {
			if (result.reason === 'throttled') {
				const seconds = Math.ceil(result.retryAfterMs / 1000);
				setHeaders({ 'retry-after': String(seconds) });
				return refuse(parsed.values, {}, m.login_throttled({ seconds }), 429);
			}
			return refuse(parsed.values, {}, m.login_failed());
		}
		// A browser that was signed in (as anyone) keeps no second valid session.
		if (locals.session) await invalidateSession(locals.session.id);
		setSessionCookie(cookies, url, result.session.token, result.session);
		await flash({ cookies, url }, 'signed_in');
		redirect(303, safeNext(next));
	}
} satisfies Actions;
