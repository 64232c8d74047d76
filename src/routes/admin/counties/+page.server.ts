import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as counties from '$lib/server/people/counties';
import { optionalId } from '$lib/server/input';
import { flash } from '$lib/server/flash';

const CountyEdit = counties.CountyInput.extend({
	id: optionalId.refine((v) => v !== null)
});

export const load = guardedLoad(async () => ({
	counties: await counties.list(requireUser())
})) satisfies PageServerLoad;

export const actions = {
	create: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(counties.CountyInput, request);
		if (!parsed.ok) return fail(400, parsed);
		await counties.create(actor, parsed.data);
		await flash({ cookies, url }, 'county_added');
		redirect(303, '/admin/counties');
	}),
	update: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(CountyEdit, request);
		if (!parsed.ok) return fail(400, parsed);
		await counties.update(actor, parsed.data.id!, parsed.data);
		await flash({ cookies, url }, 'county_saved');
		redirect(303, '/admin/counties');
	})
} satisfies Actions;
