import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import * as stock from '$lib/server/donations/stock';
import { pageOf, ReleaseForm } from '$lib/server/donations/supply-input';
import { parseForm } from '$lib/server/forms';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ params, url }) => {
	const actor = requireUser();
	const itemId = Number(params.id);
	const { item, movements } = await stock.ledger(
		actor,
		itemId,
		pageOf(url.searchParams.get('page'))
	);
	return {
		item,
		movements,
		allocations: await stock.allocations(actor, itemId)
	};
}) satisfies PageServerLoad;

export const actions = {
	release: guardedAction(async ({ params, request, cookies, url }) => {
		const actor = requireUser();
		const parsed = await parseForm(ReleaseForm, request);
		if (!parsed.ok) return fail(400, parsed);
		await stock.release(actor, { itemId: Number(params.id), ...parsed.data });
		await flash({ cookies, url }, 'stock_released');
		redirect(303, `/stock/${params.id}`);
	})
} satisfies Actions;
