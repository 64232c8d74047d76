import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { can } from '$lib/server/access/policy';
import { requireUser } from '$lib/server/auth/guards';
import { CATEGORIES, type Category } from '$lib/server/db/schema';
import * as pledges from '$lib/server/donations/pledges';
import { pageOf, PledgeForm } from '$lib/server/donations/supply-input';
import { parseForm } from '$lib/server/forms';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { flash } from '$lib/server/flash';

/** The filters in the query string; anything odd is ignored. */
function filterOf(url: URL) {
	const school = url.searchParams.get('school') ?? '';
	const category = url.searchParams.get('category') ?? '';
	return {
		schoolId: /^[1-9]\d{0,9}$/.test(school) ? Number(school) : null,
		category: (CATEGORIES as readonly string[]).includes(category) ? (category as Category) : null,
		page: pageOf(url.searchParams.get('page'))
	};
}

export const load = guardedLoad(async ({ url }) => {
	const actor = requireUser();
	const filter = filterOf(url);
	const [needs, filters] = await Promise.all([
		pledges.listNeeds(actor, filter),
		pledges.needFilters(actor)
	]);
	return {
		needs,
		filters,
		filter,
		canPledge: can(actor, 'pledge.make')
	};
}) satisfies PageServerLoad;

export const actions = {
	pledge: guardedAction(async ({ request, url, cookies }) => {
		const actor = requireUser();
		const parsed = await parseForm(PledgeForm, request);
		if (!parsed.ok) return fail(400, parsed);
		const pledge = await pledges.get(actor, await pledges.create(actor, parsed.data));
		await flash({ cookies, url }, 'pledge_recorded', {
			quantity: pledge.quantity,
			item: pledge.itemName,
			covered: pledge.pledged + pledge.allocated,
			approved: pledge.approved
		});
		const filter = filterOf(url);
		const query = new URLSearchParams();
		if (filter.schoolId) query.set('school', String(filter.schoolId));
		if (filter.category) query.set('category', filter.category);
		redirect(303, query.size > 0 ? `/needs?${query}` : '/needs');
	})
} satisfies Actions;
