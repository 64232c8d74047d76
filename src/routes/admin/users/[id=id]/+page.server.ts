import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as users from '$lib/server/people/users';
import { Confirmed } from '$lib/server/people/confirm';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ params }) => ({
	account: await users.get(requireUser(), Number(params.id))
})) satisfies PageServerLoad;

const toggle = (disabled: boolean) =>
	guardedAction(async ({ request, params, cookies, url }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(Confirmed, request);
		if (!parsed.ok) return fail(400, parsed);
		await users.setDisabled(actor, Number(params.id), disabled);
		await flash({ cookies, url }, disabled ? 'user_disabled' : 'user_enabled');
		redirect(303, `/admin/users/${params.id}`);
	});

export const actions = {
	disable: toggle(true),
	enable: toggle(false)
} satisfies Actions;
