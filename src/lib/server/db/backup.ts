import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

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
