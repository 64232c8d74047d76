import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as catalog from '$lib/server/donations/catalog';
import { AGE_BANDS, CATEGORIES } from '$lib/server/db/schema';
import { flash } from '$lib/server/flash';
import { unitOptions } from '$lib/server/donations/names';

export const load = guardedLoad(async () => {
	authorize(requireUser(), 'catalog.manage');
	return { categories: [...CATEGORIES], ageBands: [...AGE_BANDS], units: unitOptions() };
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, cookies, url }) => {
		const user = requireUser();
		const parsed = await parseForm(catalog.CatalogInput, request);
		if (!parsed.ok) return fail(400, parsed);
		await catalog.create(user, parsed.data);
		await flash({ cookies, url }, 'catalog_item_added');
		redirect(303, '/catalog');
	})
} satisfies Actions;
