import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guards';
import { RuleViolation } from '$lib/server/errors';
import { formValues, parseValues } from '$lib/server/forms';
import { guardedAction, guardedLoad } from '$lib/server/http';
import * as thanks from '$lib/server/donations/thanks';
import { flash } from '$lib/server/flash';

const ID = /^[1-9]\d{0,9}$/;
const optionalId = z
	.string()
	.optional()
	.refine((v) => v === undefined || v === '' || ID.test(v), { message: 'error_invalid' })
	.transform((v) => (v ? Number(v) : undefined));

const NoteForm = z.object({
	request: optionalId,
	shipment: optionalId,
	body: thanks.Body,
	isPublic: z
		.string()
		.optional()
		.transform((v) => v === 'on' || v === '1')
});

/** `?request=ID` or `?shipment=ID`; undefined when neither is a valid id. */
function targetOf(
	params: URLSearchParams | Record<string, string | undefined>
): thanks.Target | undefined {
	const get = (key: string) =>
		params instanceof URLSearchParams ? (params.get(key) ?? '') : (params[key] ?? '');
	const request = get('request');
	const shipment = get('shipment');
	if (ID.test(request)) return { request: Number(request) };
	if (ID.test(shipment)) return { shipment: Number(shipment) };
	return undefined;
}

export const load = guardedLoad(async ({ url }) => {
	const actor = requireUser();
	const what = targetOf(url.searchParams);
	if (what) return { target: await thanks.target(actor, what), deliveries: null };
	return { target: null, deliveries: await thanks.deliveries(actor) };
}) satisfies PageServerLoad;

export const actions = {
	default: guardedAction(async ({ request, cookies, url }) => {
		const actor = requireUser();
		let form: FormData;
		try {
			form = await request.formData();
		} catch {
			form = new FormData();
		}
		const parsed = parseValues(NoteForm, formValues(form));
		if (!parsed.ok) return fail(400, parsed);
		const what = targetOf({
			request: parsed.values.request,
			shipment: parsed.values.shipment
		});
		if (!what) throw new RuleViolation(m.thanks_target_required());
		const photos = form.getAll('photos').filter((f): f is File => f instanceof File);
		const id = await thanks.create(
			actor,
			what,
			{ body: parsed.data.body, isPublic: parsed.data.isPublic },
			photos
		);
		await flash({ cookies, url }, 'thanks_posted');
		redirect(303, `/thanks/${id}`);
	})
} satisfies Actions;
