import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedAction } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as users from '$lib/server/people/users';

export const load = (({ url }) => {
	requireUser();
	return { changed: url.searchParams.get('changed') === '1' };
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, locals }) => {
		const actor = requireUser();
		const parsed = await parseForm(users.PasswordChange, request);
		if (!parsed.ok) return fail(400, parsed);
		await users.changePassword(actor, locals.session?.id, parsed.data);
		redirect(303, '/account/password?changed=1');
	})
} satisfies Actions;
