import type { PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedLoad } from '$lib/server/http';
import * as students from '$lib/server/people/students';
import { pageOf } from '$lib/server/input';
import { idParam } from '$lib/server/input';

export const load = guardedLoad(async ({ url }) => {
	const actor = requireUser();
	const schools = await students.schoolChoices(actor);
	const schoolId = schools ? idParam(url.searchParams.get('school')) : null;
	// A coordinator first chooses a school; a teacher's is their own.
	if (schools && schoolId === null) return { schools, students: null };
	return {
		schools,
		students: await students.list(actor, pageOf(url.searchParams.get('page')), schoolId)
	};
}) satisfies PageServerLoad;
