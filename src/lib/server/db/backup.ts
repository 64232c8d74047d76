import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { redactUrl } from './postgres';

/**
 * A consistent online copy through SQLite's backup API: the portal keeps serving and writing
 * while it runs; pages changed mid-way are copied again. The copy is owner-only, like the original.
 */
export async function backupTo(sqlite: SQLite.Database, file: string): Promise<void> {
	const target = path.resolve(file);
	if (target === path.resolve(sqlite.name)) throw new Error('The backup must go to another file.');
	fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
	fs.closeSync(fs.openSync(target, 'a', 0o600));
	fs.chmodSync(target, 0o600);
	await sqlite.backup(target);
}

/**
 * Backs up the database at `source`, which must exist and be Sapling's: a wrong or missing
 * DATABASE_PATH must not quietly produce a copy of a new, empty database.
 */
export async function backupFile(source: string, target: string): Promise<void> {
	const from = path.resolve(source);
	let sqlite: SQLite.Database;
	try {
		// Opened as it is, no pragmas: a wrong file is only read, never changed.
		sqlite = new SQLite(from, { fileMustExist: true });
		sqlite.pragma('busy_timeout = 5000');
	} catch (e) {
		throw new Error(
			`There is no database at ${from} (check DATABASE_PATH): ${(e as Error).message}`
		);
	}
	try {
		const recorded = sqlite
			.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
			.get();
		if (!recorded) {
			throw new Error(
				`${from} is not a Sapling database (it has no migrations): check DATABASE_PATH.`
			);
		}
		await backupTo(sqlite, target);
	} finally {
		sqlite.close();
	}
}

/**
 * Backs up the PostgreSQL database at `url` with pg_dump's custom format (pg_restore reads it): one
 * transaction's snapshot, taken while the portal runs. The database must be Sapling's, and the
 * dump is written to an owner-only file beside `target` and renamed over it only when pg_dump
 * succeeds — a wrong DATABASE_URL leaves neither an empty "backup" nor a truncated old one.
 */
export async function backupPostgres(url: string, target: string): Promise<void> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
	try {
		await client.connect();
		const { rows } = await client.query<{ t: string | null }>(
			"select to_regclass('kysely_migration')::text as t"
		);
		if (!rows[0].t)
			throw new Error(`${redactUrl(url)} is not a Sapling database (it has no migrations).`);
	} catch (e) {
		throw new Error(`Cannot back up ${redactUrl(url)}: ${(e as Error).message}`);
	} finally {
		await client.end().catch(() => undefined);
	}
	const file = path.resolve(target);
	fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
	const partial = `${file}.partial-${process.pid}-${Date.now()}`;
	fs.closeSync(fs.openSync(partial, 'wx', 0o600));
	try {
		const dump = spawnSync('pg_dump', ['--format=custom', `--file=${partial}`, `--dbname=${url}`], {
			stdio: ['ignore', 'inherit', 'pipe'],
			encoding: 'utf8'
		});
		if (dump.error || dump.status !== 0) {
			const said = (dump.stderr ?? '').replaceAll(url, redactUrl(url)).trim();
			throw new Error(
				`pg_dump ${dump.error ? `could not run: ${dump.error.message}` : `exited with ${dump.status}`}${said ? `: ${said}` : ''}`
			);
		}
		fs.chmodSync(partial, 0o600);
		fs.renameSync(partial, file);
	} finally {
		fs.rmSync(partial, { force: true });
	}
}
