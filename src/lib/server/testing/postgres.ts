import pg from 'pg';
import { inject, vi } from 'vitest';
import { createPostgresDb } from '../db/postgres';
import type { Db } from '../db';

/** The migrated database every test's own database is a copy of. */
export const TEMPLATE = 'sapling_template';

/** Which half of the suite this is: `SAPLING_TEST_ENGINE=postgres` (vitest.config.ts sets it). */
export const testEngine = (): 'sqlite' | 'postgres' =>
	process.env.SAPLING_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** The same server, another database. */
export function withDatabase(url: string, database: string): string {
	// Not `new URL`: a socket URL's host is empty (postgres://user@/db?host=/tmp/…).
	const match = /^(postgres(?:ql)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/i.exec(url);
	if (!match) throw new Error(`not a PostgreSQL URL: ${url}`);
	return `${match[1]}/${database}${match[2] ?? ''}`;
}

let admin: pg.Client | undefined;
let made = 0;
const open: { name: string; db: Db }[] = [];

/**
 * A fresh database for one test, copied from the migrated template (a file copy: tens of ms), with
 * a small pool of its own. The previous test's database is closed and dropped first.
 */
export async function createPostgresTestDb(): Promise<{ db: Db; url: string }> {
	const server = inject('postgresUrl');
	if (!admin) {
		admin = new pg.Client({ connectionString: server });
		await admin.connect();
	}
	await dropOpen();
	const name = `t_${process.pid}_${++made}`;
	await admin.query(`create database ${name} template ${TEMPLATE} strategy file_copy`);
	const url = withDatabase(server, name);
	const db = createPostgresDb(url, { max: 4 });
	open.push({ name, db });
	return { db, url };
}

async function dropOpen(): Promise<void> {
	for (const { name, db } of open.splice(0)) {
		await db.destroy();
		await dropWhenUnused(admin!, name);
	}
}

/**
 * Drops a test's database once the server holds no connection to it. A pool's `end` resolves
 * before its connections are gone: a forced drop straight after would cut them, and each would log
 * "PostgreSQL connection failed while idle". A connection left behind longer (a worker that never
 * closed) is cut after all, at the waiting's timeout.
 */
export async function dropWhenUnused(client: pg.Client, name: string): Promise<void> {
	await vi
		.waitFor(async () => {
			const { rows } = await client.query<{ n: number }>(
				'select count(*)::int as n from pg_stat_activity where datname = $1',
				[name]
			);
			if (rows[0].n > 0) throw new Error(`${name} is still in use`);
		})
		.catch(() => undefined);
	await client.query(`drop database if exists ${name} with (force)`);
}
