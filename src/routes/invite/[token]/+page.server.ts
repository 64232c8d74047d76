import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { currentUser } from '$lib/server/auth/guards';
import { createSession, invalidateSession } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { guardedAction } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as invitations from '$lib/server/people/invitations';
import { flash } from '$lib/server/flash';

export const load = (async ({ params }) => {
	const user = currentUser();
	return {
		invitation: await invitations.lookup(params.token),
		signedInAs: user?.displayName ?? null
	};
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, params, cookies, url, locals }) => {
		const parsed = await parseForm(invitations.Acceptance, request);
		if (!parsed.ok) return fail(400, parsed);
		const userId = await invitations.accept(params.token, parsed.data);
		// Whoever was signed in on this device before is signed out, not just hidden by a new cookie.
		if (locals.session) await invalidateSession(locals.session.id);
		const session = await createSession(userId);
		setSessionCookie(cookies, url, session.token, session);
		await flash({ cookies, url }, 'invitation_accepted');
		redirect(303, '/');
	})
} satisfies Actions;
