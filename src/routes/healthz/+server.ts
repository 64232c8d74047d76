import fs from 'node:fs/promises';
import path from 'node:path';
import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import type { RequestHandler } from './$types';
import { getDb, getSqlite } from '$lib/server/db';

/** Below this, the next WAL frames or photos won't fit: a disk this full counts as failing. */
const MIN_FREE_BYTES = 1024 * 1024;

const headers = { 'Cache-Control': 'no-store' };

export const GET: RequestHandler = async () => {
	try {
		await sql`select 1`.execute(getDb());
	} catch {
		return json({ status: 'error', ok: false, database: 'unavailable' }, { status: 503, headers });
	}
	const writes = await probeWrites();
	if (writes) {
		console.error(`/healthz: writes are failing (${writes})`);
		return json(
			{ status: 'error', ok: false, database: 'ok', writes: 'failing', reason: writes },
			{ status: 503, headers }
		);
	}
	return json({ status: 'ok', database: 'ok' }, { headers });
};

/**
 * A read answering says nothing about writes: a read-only file, a held lock or a full disk only
 * show when something is written. Writes one row back as it was, then rolls back; and checks the
 * free space, since a rolled-back write never reaches the disk. Undefined when writes work.
 */
async function probeWrites(): Promise<string | undefined> {
	try {
		const trx = await getDb().startTransaction().execute();
		try {
			await sql`update kysely_migration_lock set is_locked = is_locked`.execute(trx);
		} finally {
			await trx.rollback().execute();
		}
	} catch (e) {
		return String((e as { code?: unknown }).code ?? (e as Error).message);
	}
	const file = getSqlite().name;
	if (file === ':memory:') return undefined;
	try {
		const disk = await fs.statfs(path.dirname(path.resolve(file)));
		if (disk.bavail * disk.bsize < MIN_FREE_BYTES) return 'ENOSPC';
	} catch (e) {
		return String((e as { code?: unknown }).code ?? (e as Error).message);
	}
	return undefined;
}
