import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import * as account from '$lib/server/auth/password-change';
import { TooManyAttempts } from '$lib/server/auth/throttle';
import { guardedAction } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as users from '$lib/server/people/users';
import { flash } from '$lib/server/flash';

export const load = (() => {
	requireUser();
	return {};
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(
		async ({ request, locals, getClientAddress, setHeaders, cookies, url }) => {
			const actor = requireUser();
			const parsed = await parseForm(users.PasswordChange, request);
			if (!parsed.ok) return fail(400, parsed);
			try {
				await account.changePassword(actor, locals.session?.id, parsed.data, getClientAddress());
			} catch (e) {
				if (e instanceof TooManyAttempts) {
					setHeaders({ 'retry-after': String(Math.ceil(e.retryAfterMs / 1000)) });
				}
				throw e;
			}
			await flash({ cookies, url }, 'password_changed');
			redirect(303, '/account/password');
		}
	)
} satisfies Actions;
