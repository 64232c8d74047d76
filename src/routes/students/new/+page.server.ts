import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as students from '$lib/server/people/students';
import * as once from '$lib/server/people/once';

export const load = guardedLoad(async () => {
	return { school: await students.managedSchool(requireUser()) };
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, cookies }) => {
		const actor = requireUser();
		await students.managedSchool(actor);
		const parsed = await parseForm(students.StudentInput, request);
		if (!parsed.ok) return fail(400, parsed);
		const created = await students.create(actor, parsed.data);
		await once.reveal(cookies, actor.id, `student:${created.id}`, {
			username: created.username,
			password: created.password,
			created: true
		});
		redirect(303, `/students/${created.id}`);
	})
} satisfies Actions;
