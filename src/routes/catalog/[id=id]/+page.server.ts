import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorizeOrHide } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as catalog from '$lib/server/donations/catalog';
import { AGE_BANDS, CATEGORIES } from '$lib/server/db/schema';
import { flash } from '$lib/server/flash';
import { unitOptions } from '$lib/server/donations/names';

export const load = guardedLoad(async ({ params }) => {
	const user = requireUser();
	authorizeOrHide(user, 'catalog.manage');
	const item = await catalog.get(user, Number(params.id));
	return {
		item,
		values: {
			nameZh: item.nameZh,
			nameEn: item.nameEn,
			category: item.category,
			unit: item.unit,
			ageBand: item.ageBand,
			unitValue: catalog.yuanText(item.unitValueFen),
			description: item.description
		},
		categories: [...CATEGORIES],
		ageBands: [...AGE_BANDS],
		units: unitOptions()
	};
}) satisfies PageServerLoad;

export const actions = {
	save: guardedAction(async ({ request, params, cookies, url }) => {
		const user = requireUser();
		const parsed = await parseForm(catalog.CatalogInput, request);
		if (!parsed.ok) return fail(400, parsed);
		await catalog.update(user, Number(params.id), parsed.data);
		await flash({ cookies, url }, 'catalog_item_saved');
		redirect(303, '/catalog');
	}),
	retire: guardedAction(async ({ params, cookies, url }) => {
		await catalog.setActive(requireUser(), Number(params.id), false);
		await flash({ cookies, url }, 'catalog_item_retired');
		redirect(303, `/catalog/${params.id}`);
	}),
	reactivate: guardedAction(async ({ params, cookies, url }) => {
		await catalog.setActive(requireUser(), Number(params.id), true);
		await flash({ cookies, url }, 'catalog_item_reactivated');
		redirect(303, `/catalog/${params.id}`);
	})
} satisfies Actions;
