import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as schools from '$lib/server/people/schools';
import * as counties from '$lib/server/people/counties';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async () => ({
	counties: await counties.options(requireUser())
})) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(schools.SchoolInput, request);
		if (!parsed.ok) return fail(400, parsed);
		const id = await schools.create(actor, parsed.data);
		await flash({ cookies, url }, 'school_added');
		redirect(303, `/admin/schools/${id}`);
	})
} satisfies Actions;
