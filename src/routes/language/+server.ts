import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { cookieMaxAge, cookieName, isLocale } from '$lib/paraglide/runtime';

/** The language switch: a plain form post, so it works without JavaScript. */
export const POST: RequestHandler = async ({ request, cookies }) => {
	const form = await request.formData().catch(() => new FormData());
	const locale = String(form.get('locale') ?? '');
	const next = String(form.get('next') ?? '/');
	if (isLocale(locale)) {
		cookies.set(cookieName, locale, {
			path: '/',
			maxAge: cookieMaxAge,
			httpOnly: false,
			sameSite: 'lax'
		});
	}
	// Only same-site paths: never an open redirect.
	redirect(
		303,
		next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/'
	);
};
