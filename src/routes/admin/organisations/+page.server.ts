import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as organisations from '$lib/server/people/organisations';

export const load = guardedLoad(async ({ url }) => ({
	organisations: await organisations.tree(requireUser()),
	parent: url.searchParams.get('parent') ?? '',
	saved: url.searchParams.get('saved')
})) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(organisations.OrganisationInput, request);
		if (!parsed.ok) return fail(400, parsed);
		await organisations.create(actor, parsed.data);
		redirect(303, '/admin/organisations?saved=added');
	})
} satisfies Actions;
