import type { PageServerLoad } from './$types';
import { can } from '$lib/server/access/policy';
import { requireUser } from '$lib/server/auth/guards';
import * as shipments from '$lib/server/donations/shipments';
import { guardedLoad } from '$lib/server/http';

const FILTERS: shipments.ListFilter[] = ['all', 'unconfirmed', 'discrepancies'];

function pageOf(value: string | null): number {
	const n = Number(value);
	return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export const load = guardedLoad(async ({ url }) => {
	const user = requireUser();
	const asked = url.searchParams.get('filter') as shipments.ListFilter | null;
	const filter = asked && FILTERS.includes(asked) ? asked : 'all';
	const list = await shipments.list(user, { filter, page: pageOf(url.searchParams.get('page')) });
	return {
		list,
		filter,
		filters: FILTERS,
		role: user.role,
		canCreate: can(user, 'shipment.manage')
	};
}) satisfies PageServerLoad;
