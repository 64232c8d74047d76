import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { can } from '$lib/server/access/policy';
import { guardedLoad } from '$lib/server/http';
import * as catalog from '$lib/server/donations/catalog';
import { pageOf } from '$lib/server/input';
import { CATEGORIES, type Category } from '$lib/server/db/schema';

export const load = guardedLoad(async ({ url }) => {
	const user = requireUser();
	const raw = url.searchParams.get('category') ?? '';
	const category = (CATEGORIES as readonly string[]).includes(raw) ? (raw as Category) : null;
	const canManage = can(user, 'catalog.manage');
	const includeRetired = canManage && url.searchParams.get('retired') === '1';
	const items = await catalog.list(user, {
		category,
		includeRetired,
		page: pageOf(url.searchParams.get('page'))
	});
	return { items, category, includeRetired, canManage, categories: [...CATEGORIES] };
}) satisfies PageServerLoad;
