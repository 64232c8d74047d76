import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import * as stock from '$lib/server/donations/stock';
import { AdjustForm, AllocateForm, pageOf, ReceiveForm } from '$lib/server/donations/supply-input';
import { parseForm } from '$lib/server/forms';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ url }) => {
	const actor = requireUser();
	const page = pageOf(url.searchParams.get('page'));
	const fillPage = pageOf(url.searchParams.get('fill'));
	const [levels, totals, fillable, options] = await Promise.all([
		stock.levels(actor, { page }),
		stock.totals(actor),
		stock.fillable(actor, fillPage),
		stock.formOptions(actor)
	]);
	return { levels, totals, fillable, options };
}) satisfies PageServerLoad;

export const actions = {
	receive: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		const parsed = await parseForm(ReceiveForm, request);
		if (!parsed.ok) return fail(400, { ...parsed, form: 'receive' });
		await stock.receive(actor, parsed.data);
		await flash({ cookies, url }, 'stock_received');
		redirect(303, '/stock');
	}),
	adjust: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		const parsed = await parseForm(AdjustForm, request);
		if (!parsed.ok) return fail(400, { ...parsed, form: 'adjust' });
		await stock.adjust(actor, parsed.data);
		await flash({ cookies, url }, 'stock_adjusted');
		redirect(303, '/stock');
	}),
	allocate: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		const parsed = await parseForm(AllocateForm, request);
		if (!parsed.ok) return fail(400, { ...parsed, form: 'allocate' });
		await stock.allocate(actor, parsed.data);
		await flash({ cookies, url }, 'stock_allocated');
		redirect(303, '/stock');
	})
} satisfies Actions;
