import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guards';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { formValues, refuse } from '$lib/server/forms';
import * as requests from '$lib/server/donations/requests';
import * as thanks from '$lib/server/donations/thanks';
import { MAX_LINES, parseReviewForm } from '$lib/server/donations/requests.schema';
import { flash } from '$lib/server/flash';

async function posted(request: Request): Promise<Record<string, string>> {
	try {
		return formValues(await request.formData());
	} catch {
		return {};
	}
}

export const load = guardedLoad(async ({ params }) => {
	const user = requireUser();
	const request = await requests.get(user, Number(params.id));
	const notes = await thanks.list(user, { requestId: request.id });
	return {
		request,
		thanks: { items: notes.items, total: notes.total },
		canThank: request.can.thank
	};
}) satisfies PageServerLoad;

export const actions = {
	submit: guardedAction(async ({ params, cookies, url }) => {
		await requests.submit(requireUser(), Number(params.id));
		await flash({ cookies, url }, 'request_submitted', { id: Number(params.id) });
		redirect(303, `/requests/${params.id}`);
	}),
	withdraw: guardedAction(async ({ params, cookies, url }) => {
		await requests.withdraw(requireUser(), Number(params.id));
		await flash({ cookies, url }, 'request_withdrawn', { id: Number(params.id) });
		redirect(303, `/requests/${params.id}`);
	}),
	delete: guardedAction(async ({ params, request, cookies, url }) => {
		const user = requireUser();
		const values = await posted(request);
		if (values.confirm !== 'yes')
			return refuse(values, { confirm: m.req_delete_confirm_required() });
		await requests.remove(user, Number(params.id));
		await flash({ cookies, url }, 'request_deleted', { id: Number(params.id) });
		redirect(303, '/requests');
	}),
	review: guardedAction(async ({ params, request, cookies, url }) => {
		const user = requireUser();
		const values = await posted(request);
		const lineIds = Object.keys(values)
			.map((k) => /^approved_([1-9]\d{0,9})$/.exec(k)?.[1])
			.filter((id): id is string => id !== undefined)
			.map(Number)
			.slice(0, MAX_LINES);
		const parsed = parseReviewForm(values, lineIds);
		if (!parsed.ok) return fail(400, parsed);
		await requests.review(user, Number(params.id), parsed.data);
		await flash({ cookies, url }, 'request_reviewed', { id: Number(params.id) });
		redirect(303, `/requests/${params.id}`);
	}),
	close: guardedAction(async ({ params, request, cookies, url }) => {
		const user = requireUser();
		const values = await posted(request);
		await requests.close(user, Number(params.id), (values.reason ?? '').slice(0, 1001));
		await flash({ cookies, url }, 'request_closed', { id: Number(params.id) });
		redirect(303, `/requests/${params.id}`);
	})
} satisfies Actions;
