import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedLoad } from '$lib/server/http';
import * as students from '$lib/server/people/students';
import { pageOf } from '$lib/server/people/input';

export const load = guardedLoad(async ({ url }) => ({
	students: await students.list(requireUser(), pageOf(url.searchParams.get('page')))
})) satisfies PageServerLoad;
