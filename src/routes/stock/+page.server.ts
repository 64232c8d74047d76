import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import * as stock from '$lib/server/donations/stock';
import { AdjustForm, AllocateForm, pageOf, ReceiveForm } from '$lib/server/donations/supply-input';
import { parseForm } from '$lib/server/forms';
import { guardedAction, guardedLoad } from '$lib/server/http';

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
	return { levels, totals, fillable, options, done: url.searchParams.get('done') ?? '' };
}) satisfies PageServerLoad;

export const actions = {
	receive: guardedAction(async ({ request }) => {
		const actor = requireUser();
		const parsed = await parseForm(ReceiveForm, request);
		if (!parsed.ok) return fail(400, { ...parsed, form: 'receive' });
		await stock.receive(actor, parsed.data);
		redirect(303, '/stock?done=received');
	}),
	adjust: guardedAction(async ({ request }) => {
		const actor = requireUser();
		const parsed = await parseForm(AdjustForm, request);
		if (!parsed.ok) return fail(400, { ...parsed, form: 'adjust' });
		await stock.adjust(actor, parsed.data);
		redirect(303, '/stock?done=adjusted');
	}),
	allocate: guardedAction(async ({ request }) => {
		const actor = requireUser();
		const parsed = await parseForm(AllocateForm, request);
		if (!parsed.ok) return fail(400, { ...parsed, form: 'allocate' });
		await stock.allocate(actor, parsed.data);
		redirect(303, '/stock?done=allocated');
	})
} satisfies Actions;
