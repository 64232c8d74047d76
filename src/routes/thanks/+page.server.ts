import type { PageServerLoad } from './$types';
import { can } from '$lib/server/access/policy';
import { currentUser } from '$lib/server/auth/guards';
import { guardedLoad } from '$lib/server/http';
import * as thanks from '$lib/server/donations/thanks';

const ID = /^[1-9]\d{0,9}$/;

export const load = guardedLoad(async ({ url }) => {
	const actor = currentUser();
	const page = url.searchParams.get('page') ?? '1';
	const request = url.searchParams.get('request') ?? '';
	const requestId = ID.test(request) ? Number(request) : undefined;
	return {
		notes: await thanks.list(actor, {
			page: /^[1-9]\d{0,5}$/.test(page) ? Number(page) : 1,
			requestId
		}),
		requestId: requestId ?? null,
		signedIn: actor !== null,
		canWrite: can(actor, 'thanks.write')
	};
}) satisfies PageServerLoad;
