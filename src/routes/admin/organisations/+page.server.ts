import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as organisations from '$lib/server/people/organisations';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ url }) => ({
	organisations: await organisations.tree(requireUser()),
	parent: url.searchParams.get('parent') ?? ''
})) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(organisations.OrganisationInput, request);
		if (!parsed.ok) return fail(400, parsed);
		await organisations.create(actor, parsed.data);
		await flash({ cookies, url }, 'organisation_added');
		redirect(303, '/admin/organisations');
	})
} satisfies Actions;
