import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import * as requests from '$lib/server/donations/requests';
import { flash } from '$lib/server/flash';
import { formContext, moreRows, parsePosted } from '../form.server';

export const load = guardedLoad(async () => {
	const user = requireUser();
	authorize(user, 'request.create');
	return await formContext(user);
}) satisfies PageServerLoad;

export const actions = {
	save: guardedAction(async ({ request, cookies, url }) => {
		const user = requireUser();
		const parsed = await parsePosted(request);
		if (!parsed.ok) return parsed.failure;
		const id = await requests.create(user, parsed.data);
		await flash({ cookies, url }, 'request_created', { id });
		redirect(303, `/requests/${id}`);
	}),
	more: async ({ request }) => {
		requireUser();
		return await moreRows(request);
	}
} satisfies Actions;
