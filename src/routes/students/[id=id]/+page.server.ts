import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as students from '$lib/server/people/students';
import * as once from '$lib/server/people/once';
import { Confirmed } from '$lib/server/people/confirm';
import { flash } from '$lib/server/flash';

interface Revealed {
	username: string;
	password: string;
	created: boolean;
}

export const load = guardedLoad(async ({ params, cookies }) => {
	const actor = requireUser();
	const student = await students.get(actor, Number(params.id));
	return {
		student,
		revealed: await once.take<Revealed>(cookies, actor.id, `student:${student.id}`)
	};
}) satisfies PageServerLoad;

const toggle = (disabled: boolean) =>
	guardedAction(async ({ request, params, cookies, url }) => {
		const actor = requireUser();
		await students.get(actor, Number(params.id));
		const parsed = await parseForm(Confirmed, request);
		if (!parsed.ok) return fail(400, parsed);
		await students.setDisabled(actor, Number(params.id), disabled);
		await flash({ cookies, url }, disabled ? 'student_disabled' : 'student_enabled');
		redirect(303, `/students/${params.id}`);
	});

export const actions = {
	update: guardedAction(async ({ request, params, cookies, url }) => {
		const actor = requireUser();
		await students.get(actor, Number(params.id));
		const parsed = await parseForm(students.StudentUpdate, request);
		if (!parsed.ok) return fail(400, parsed);
		await students.update(actor, Number(params.id), parsed.data);
		await flash({ cookies, url }, 'student_saved');
		redirect(303, `/students/${params.id}`);
	}),
	reset: guardedAction(async ({ request, params, cookies, url }) => {
		const actor = requireUser();
		const id = Number(params.id);
		await students.get(actor, id);
		const parsed = await parseForm(Confirmed, request);
		if (!parsed.ok) return fail(400, parsed);
		const password = await students.resetPassword(actor, id);
		const student = await students.get(actor, id);
		await once.reveal(cookies, actor.id, `student:${id}`, {
			username: student.username,
			password,
			created: false
		});
		await flash({ cookies, url }, 'student_password_reset');
		redirect(303, `/students/${id}`);
	}),
	disable: toggle(true),
	enable: toggle(false)
} satisfies Actions;
