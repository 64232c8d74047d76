import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import type { RequestHandler } from './$types';
import { getDb } from '$lib/server/db';

export const GET: RequestHandler = async () => {
	try {
		await sql`select 1`.execute(getDb());
		return json({ status: 'ok', database: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
	} catch {
		return json({ status: 'error', database: 'unavailable' }, { status: 503 });
	}
};
