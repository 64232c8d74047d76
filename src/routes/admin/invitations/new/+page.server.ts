import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as invitations from '$lib/server/people/invitations';
import * as schools from '$lib/server/people/schools';
import * as organisations from '$lib/server/people/organisations';
import * as once from '$lib/server/people/once';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ url }) => {
	const actor = requireUser();
	return {
		schools: await schools.options(actor),
		organisations: await organisations.options(actor),
		role: url.searchParams.get('role') ?? 'teacher'
	};
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(invitations.InvitationInput, request);
		if (!parsed.ok) return fail(400, parsed);
		const { id, token } = await invitations.create(actor, parsed.data);
		await once.reveal(cookies, actor.id, `invitation:${id}`, `${url.origin}/invite/${token}`);
		await flash({ cookies, url }, 'invitation_created');
		redirect(303, `/admin/invitations/${id}`);
	})
} satisfies Actions;
