import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm, refuse } from '$lib/server/forms';
import * as students from '$lib/server/people/students';
import * as once from '$lib/server/people/once';
import { schoolQuery } from '../school';
import { idParam } from '$lib/server/input';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ cookies, url }) => {
	const actor = requireUser();
	const schools = await students.schoolChoices(actor);
	const schoolId = schools ? idParam(url.searchParams.get('school')) : null;
	const school =
		schools && schoolId === null ? null : await students.managedSchool(actor, schoolId);
	return {
		schools,
		school,
		created: await once.take<students.CreatedStudent[]>(cookies, actor.id, 'classlist')
	};
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		const schoolId = (await students.schoolChoices(actor))
			? idParam(url.searchParams.get('school'))
			: null;
		await students.managedSchool(actor, schoolId);
		const parsed = await parseForm(students.ClassListInput, request);
		if (!parsed.ok) return fail(400, parsed);
		let created: students.CreatedStudent[];
		try {
			created = await students.importClassList(actor, parsed.data.list, schoolId);
		} catch (e) {
			if (e instanceof students.ClassListRejected) {
				const refused = refuse(parsed.values, { list: e.message });
				return fail(400, { ...refused.data, problems: e.problems });
			}
			throw e;
		}
		await once.reveal(cookies, actor.id, 'classlist', created);
		await flash({ cookies, url }, 'class_list_imported', { count: created.length });
		redirect(303, `/students/import${schoolQuery(schoolId)}`);
	})
} satisfies Actions;
