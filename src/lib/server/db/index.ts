import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect } from 'kysely';
import { config } from '../config';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** Opens (creating if needed) a SQLite database with the pragmas Sapling relies on. */
export function openSqlite(file: string): SQLite.Database {
	if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
	const sqlite = new SQLite(file);
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	return sqlite;
}

export function createDb(sqlite: SQLite.Database): Db {
	return new Kysely<Database>({
		dialect: new SqliteDialect({ database: sqlite }),
		plugins: [new CamelCasePlugin()]
	});
}

let instance: { db: Db; sqlite: SQLite.Database } | undefined;

/** The process-wide database, opened lazily at the configured path. */
export function getDb(): Db {
	if (!instance) {
		const sqlite = openSqlite(config.databasePath);
		instance = { db: createDb(sqlite), sqlite };
	}
	return instance.db;
}

/** Lets tests run services against their own database. */
export function setDb(db: Db, sqlite: SQLite.Database): void {
	instance = { db, sqlite };
}

export function getSqlite(): SQLite.Database {
	getDb();
	return instance!.sqlite;
}
