import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';
import { safeNext } from '$lib/server/redirect';
import { flash } from '$lib/server/flash';

/** The language switch: a plain form post, so it works without JavaScript. */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData().catch(() => new FormData());
	const locale = String(form.get('locale') ?? '');
	if (isLocale(locale)) {
		cookies.set(cookieName, locale, {
			path: '/',
			maxAge: cookieMaxAge,
			httpOnly: false,
			sameSite: 'lax'
		});
		await flash({ cookies, url }, 'language_changed');
	}
	redirect(303, safeNext(form.get('next')));
};
