import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { engine, getDb, getSqlite } from '.';

/** Below this, the next WAL frames or photos won't fit: a disk this full counts as failing. */
const MIN_FREE_BYTES = 1024 * 1024;

export type Health =
	| { ok: true }
	| { ok: false; database: 'unavailable' }
	| { ok: false; database: 'ok'; writes: 'failing'; reason: string };

/** Whether the database answers, and whether it can take writes. */
export async function checkHealth(): Promise<Health> {
	try {
		await sql`select 1`.execute(getDb());
	} catch {
		return { ok: false, database: 'unavailable' };
	}
	const reason = await probeWrites();
	return reason ? { ok: false, database: 'ok', writes: 'failing', reason } : { ok: true };
}

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
		return codeOf(e);
	}
	// PostgreSQL's disk is its server's to watch (a full disk fails the probe's write there).
	if (engine() !== 'sqlite') return undefined;
	const file = getSqlite().name;
	if (file === ':memory:') return undefined;
	try {
		const disk = await fs.statfs(path.dirname(path.resolve(file)));
		if (disk.bavail * disk.bsize < MIN_FREE_BYTES) return 'ENOSPC';
	} catch (e) {
		return codeOf(e);
	}
	return undefined;
}

const codeOf = (e: unknown) => String((e as { code?: unknown }).code ?? (e as Error).message);
