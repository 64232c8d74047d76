import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';

/**
 * A consistent online copy through SQLite's backup API: the portal keeps serving and writing
 * while it runs; pages changed mid-way are copied again.
 */
export async function backupTo(sqlite: SQLite.Database, file: string): Promise<void> {
	const target = path.resolve(file);
	if (target === path.resolve(sqlite.name)) throw new Error('The backup must go to another file.');
	fs.mkdirSync(path.dirname(target), { recursive: true });
	await sqlite.backup(target);
}
