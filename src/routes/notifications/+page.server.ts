import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { parseForm } from '$lib/server/forms';
import * as notifications from '$lib/server/notifications/notifications';
import { NotFound } from '$lib/server/errors';
import { flash } from '$lib/server/flash';

const Id = z.object({
	id: z
		.string()
		.regex(/^[1-9]\d{0,9}$/)
		.transform(Number)
});

/** `?page=N`: anything else is page 1. */
function pageParam(url: URL): number {
	const raw = url.searchParams.get('page') ?? '1';
	return /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 1;
}

export const load = guardedLoad(async ({ url }) => {
	const actor = requireUser();
	return {
		notifications: await notifications.list(actor, pageParam(url))
	};
}) satisfies PageServerLoad;

export const actions = {
	read: guardedAction(async ({ request, url, cookies }) => {
		const actor = requireUser();
		const parsed = await parseForm(Id, request);
		if (!parsed.ok) throw new NotFound();
		await notifications.markRead(actor, parsed.data.id);
		await flash({ cookies, url }, 'notification_read');
		redirect(303, `/notifications?page=${pageParam(url)}`);
	}),
	open: guardedAction(async ({ request }) => {
		const actor = requireUser();
		const parsed = await parseForm(Id, request);
		if (!parsed.ok) throw new NotFound();
		const { href } = await notifications.markRead(actor, parsed.data.id);
		redirect(303, href ?? '/notifications');
	}),
	readAll: guardedAction(async ({ cookies, url }) => {
		const actor = requireUser();
		await notifications.markAllRead(actor);
		await flash({ cookies, url }, 'notifications_all_read');
		redirect(303, '/notifications');
	})
} satisfies Actions;
