import type { RequestEvent } from '@sveltejs/kit';
import { getDb } from '../db';
import { guardedAction, guardedLoad } from '../http';

/** A form posted to an action, as SvelteKit hands it over. */
export function posted(fields: Record<string, string>): RequestEvent {
	const body = new URLSearchParams(fields);
	const request = new Request('http://localhost/counties/new', { method: 'POST', body });
	return { request } as RequestEvent;
}

/** What an action does: write a county in a transaction, like a service. */
export const addCounty = guardedAction(async ({ request }: RequestEvent) => {
	const form = await request.formData();
	await getDb()
		.transaction()
		.execute(async (trx) => {
			await trx
				.insertInto('county')
				.values({ name: String(form.get('name')), province: '', createdAt: Date.now() })
				.execute();
		});
	return { ok: true };
});

/** What a load does: read through the process database. */
export const listCounties = guardedLoad(async () => ({
	counties: await getDb().selectFrom('county').selectAll().execute()
}));
