import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { deleteSessionCookie } from '$lib/server/auth/cookie';
import { invalidateSession } from '$lib/server/auth/session';
import { flash } from '$lib/server/flash';

export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.session) await invalidateSession(locals.session.id);
	deleteSessionCookie(cookies, url);
	await flash({ cookies, url }, 'signed_out');
	redirect(303, '/login');
};
