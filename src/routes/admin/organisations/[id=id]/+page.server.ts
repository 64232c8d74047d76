import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as organisations from '$lib/server/people/organisations';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ params }) => {
	const actor = requireUser();
	const organisation = await organisations.get(actor, Number(params.id));
	const all = await organisations.options(actor);
	return {
		organisation,
		parentName: all.find((o) => o.id === organisation.parentId)?.name ?? null,
		options: all
	};
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, params, cookies, url }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(organisations.OrganisationInput, request);
		if (!parsed.ok) return fail(400, parsed);
		await organisations.update(actor, Number(params.id), parsed.data);
		await flash({ cookies, url }, 'organisation_saved');
		redirect(303, `/admin/organisations/${params.id}`);
	})
} satisfies Actions;
