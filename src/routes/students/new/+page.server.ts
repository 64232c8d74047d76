import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as students from '$lib/server/people/students';
import * as once from '$lib/server/people/once';
import { idParam } from '$lib/server/input';
import { flash } from '$lib/server/flash';

export const load = guardedLoad(async ({ url }) => {
	const actor = requireUser();
	const schools = await students.schoolChoices(actor);
	const schoolId = schools ? idParam(url.searchParams.get('school')) : null;
	// A coordinator first chooses the school: its kind decides the grades offered.
	if (schools && schoolId === null) return { schools, school: null };
	return { schools, school: await students.managedSchool(actor, schoolId) };
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		const schoolId = (await students.schoolChoices(actor))
			? idParam(url.searchParams.get('school'))
			: null;
		await students.managedSchool(actor, schoolId);
		const parsed = await parseForm(students.StudentInput, request);
		if (!parsed.ok) return fail(400, parsed);
		const created = await students.create(actor, parsed.data, schoolId);
		await once.reveal(cookies, actor.id, `student:${created.id}`, {
			username: created.username,
			password: created.password,
			created: true
		});
		await flash({ cookies, url }, 'student_created');
		redirect(303, `/students/${created.id}`);
	})
} satisfies Actions;
