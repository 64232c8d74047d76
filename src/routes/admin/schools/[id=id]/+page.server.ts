import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as schools from '$lib/server/people/schools';
import * as counties from '$lib/server/people/counties';

export const load = guardedLoad(async ({ params, url }) => {
	const actor = requireUser();
	const school = await schools.get(actor, Number(params.id));
	return {
		school,
		values: schools.formValues(school),
		counties: await counties.options(actor),
		saved: url.searchParams.get('saved')
	};
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, params }) => {
		const actor = requireUser();
		authorize(actor, 'admin.access');
		const parsed = await parseForm(schools.SchoolInput, request);
		if (!parsed.ok) return fail(400, parsed);
		await schools.update(actor, Number(params.id), parsed.data);
		redirect(303, `/admin/schools/${params.id}?saved=saved`);
	})
} satisfies Actions;
