import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { can } from '$lib/server/access/policy';
import { guardedLoad } from '$lib/server/http';
import * as requests from '$lib/server/donations/requests';
import { pageOf } from '$lib/server/input';
import { statusFilterOf } from '$lib/server/donations/requests.schema';
import { REQUEST_STATUSES } from '$lib/server/db/schema';

export const load = guardedLoad(async ({ url }) => {
	const user = requireUser();
	const fallback = requests.defaultStatusFilter(user);
	const status = statusFilterOf(url.searchParams.get('status'), fallback);
	const list = await requests.list(user, { status, page: pageOf(url.searchParams.get('page')) });
	return {
		list,
		status,
		statuses: [...REQUEST_STATUSES],
		canCreate: can(user, 'request.create'),
		isCoordinator: can(user, 'request.reviewQueue')
	};
}) satisfies PageServerLoad;
