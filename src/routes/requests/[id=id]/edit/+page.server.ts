import { redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedAction, guardedLoad } from '$lib/server/http';
import * as requests from '$lib/server/donations/requests';
import { flash } from '$lib/server/flash';
import { formContext, moreRows, parsePosted } from '../../form.server';

export const load = guardedLoad(async ({ params }) => {
	const user = requireUser();
	const request = await requests.getForSchool(user, Number(params.id));
	// Only drafts are edited; anyone else who may see it is sent to the request itself.
	if (!request.can.edit) redirect(303, `/requests/${request.id}`);
	const values: Record<string, string> = {
		purpose: request.purpose,
		neededBy: request.neededBy
	};
	request.lines.forEach((line, i) => {
		values[`item_${i}`] = line.catalogItemId === null ? '' : String(line.catalogItemId);
		values[`description_${i}`] = line.description;
		values[`quantity_${i}`] = String(line.quantityRequested);
		values[`reason_${i}`] = line.reason;
	});
	return {
		id: request.id,
		values,
		rows: Math.min(50, Math.max(5, request.lines.length + 2)),
		...(await formContext(user))
	};
}) satisfies PageServerLoad;

export const actions = {
	save: guardedAction(async ({ request, params, cookies, url }) => {
		const user = requireUser();
		const parsed = await parsePosted(request);
		if (!parsed.ok) return parsed.failure;
		await requests.update(user, Number(params.id), parsed.data);
		await flash({ cookies, url }, 'request_saved', { id: Number(params.id) });
		redirect(303, `/requests/${params.id}`);
	}),
	more: async ({ request }) => {
		requireUser();
		return await moreRows(request);
	}
} satisfies Actions;
