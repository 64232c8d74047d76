import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as invitations from '$lib/server/people/invitations';
import * as once from '$lib/server/people/once';
import { Confirmed } from '$lib/server/people/confirm';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ params, cookies }) => {
	const actor = requireUser();
	const invitation = await invitations.get(actor, Number(params.id));
	return {
		invitation,
		link: await once.take<string>(cookies, actor.id, `invitation:${invitation.id}`)
	};
}) satisfies PageServerLoad;

export const actions = {
	revoke: guardedAction(async ({ request, params, cookies, url }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(Confirmed, request);
		if (!parsed.ok) return fail(400, parsed);
		await invitations.revoke(actor, Number(params.id));
		await flash({ cookies, url }, 'invitation_revoked');
		redirect(303, `/admin/invitations/${params.id}`);
	})
} satisfies Actions;
