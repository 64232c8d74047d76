import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import * as pledges from '$lib/server/donations/pledges';
import * as shipments from '$lib/server/donations/shipments';
import { CancelPledgeForm } from '$lib/server/donations/supply-input';
import { parseForm } from '$lib/server/forms';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ params }) => {
	const actor = requireUser();
	const pledge = await pledges.get(actor, Number(params.id));
	return { pledge, shipped: await shipments.forPledges(actor, [pledge.id]) };
}) satisfies PageServerLoad;

export const actions = {
	cancel: guardedAction(async ({ params, request, cookies, url }) => {
		const actor = requireUser();
		const parsed = await parseForm(CancelPledgeForm, request);
		if (!parsed.ok) return fail(400, parsed);
		await pledges.cancel(actor, Number(params.id), parsed.data.reason ?? '');
		await flash({ cookies, url }, 'pledge_cancelled');
		redirect(303, '/pledges');
	})
} satisfies Actions;
