import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
	CamelCasePlugin,
	CompiledQuery,
	Kysely,
	PostgresAdapter,
	SqliteDialect,
	SqliteDriver,
	type DatabaseConnection
} from 'kysely';
import { config } from '../config';
import { logQuery } from './query-count';
import { createPostgresDb, isPostgresUrl } from './postgres';
import type { Database } from './schema';

export type Db = Kysely<Database>;

export interface OpenOptions {
	/** Refuse to open (SQLITE_CANTOPEN) instead of creating a new, empty database. */
	mustExist?: boolean;
	readonly?: boolean;
}

// It holds password hashes: only the portal's own user may read it, its WAL and its directory.
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** Opens (creating if needed) a SQLite database with the pragmas Sapling relies on. */
export function openSqlite(file: string, options: OpenOptions = {}): SQLite.Database {
	const onDisk = file !== ':memory:';
	if (onDisk && !options.mustExist && !options.readonly) createOwnerOnly(file);
	const sqlite = new SQLite(file, {
		fileMustExist: Boolean(options.mustExist || options.readonly),
		readonly: Boolean(options.readonly)
	});
	if (!options.readonly) sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	sqlite.pragma('synchronous = NORMAL');
	if (onDisk && !options.readonly) tightenModes(file);
	return sqlite;
}

/** SQLite gives the -wal and -shm files the mode of the database file: create that one 0600. */
function createOwnerOnly(file: string): void {
	fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: DIR_MODE });
	fs.closeSync(fs.openSync(file, 'a', FILE_MODE));
}

/** A database made before this was world-readable: take the others' access away. */
function tightenModes(file: string): void {
	for (const name of [file, `${file}-wal`, `${file}-shm`]) {
		try {
			const { mode } = fs.statSync(name);
			if (mode & 0o077) fs.chmodSync(name, mode & 0o700);
		} catch (e) {
			if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
				console.warn(`Could not make ${name} owner-only:`, e);
			}
		}
	}
}

/** How many prepared statements a connection keeps for reuse (a page runs up to about ten). */
export const STATEMENT_CACHE_SIZE = 250;

/**
 * Kysely prepares every query anew: on a warmed server, `prepare` was 6.7 % of the CPU a list page
 * took (~80 µs a query; `npm run bench -- --cpu-prof`, bench/CUTS.md). Each distinct SQL text is
 * prepared once and reused instead (as better-sqlite3 recommends), the least recently used dropped
 * past STATEMENT_CACHE_SIZE. Reuse is safe because every query runs to completion synchronously
 * (`all`/`run`; nothing streams), and SQLite re-prepares a statement itself after a schema change.
 */
export function withStatementCache(
	sqlite: SQLite.Database,
	size = STATEMENT_CACHE_SIZE
): Pick<SQLite.Database, 'prepare' | 'close'> & { cached: () => number } {
	const statements = new Map<string, SQLite.Statement>();
	return {
		prepare(source: string) {
			let statement = statements.get(source);
			if (statement) statements.delete(source);
			else statement = sqlite.prepare(source);
			statements.set(source, statement);
			if (statements.size > size) statements.delete(statements.keys().next().value!);
			return statement;
		},
		close: () => sqlite.close(),
		cached: () => statements.size
	} as Pick<SQLite.Database, 'prepare' | 'close'> & { cached: () => number };
}

/**
 * SQLite undoes a transaction itself on some failures (SQLITE_FULL, some I/O errors); Kysely's
 * `rollback` then fails with "cannot rollback - no transaction is active", and that error replaced
 * the real one. Roll back only what is still open, so the real error reaches the caller and the log.
 */
class Driver extends SqliteDriver {
	constructor(private readonly sqlite: SQLite.Database) {
		super({ database: withStatementCache(sqlite) });
	}

	/**
	 * Every transaction takes the write lock when it begins (BEGIN IMMEDIATE), so it waits its turn
	 * (busy_timeout) instead of failing with SQLITE_BUSY when it reads, another connection commits a
	 * write, and it then tries to write (a deferred transaction can't be upgraded past that write).
	 */
	override async beginTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('begin immediate'));
	}

	override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		if (this.sqlite.inTransaction) await super.rollbackTransaction(connection);
	}
}

class Dialect extends SqliteDialect {
	constructor(private readonly sqlite: SQLite.Database) {
		super({ database: sqlite });
	}

	override createDriver(): Driver {
		return new Driver(this.sqlite);
	}
}

export function createDb(sqlite: SQLite.Database): Db {
	return new Kysely<Database>({
		dialect: new Dialect(sqlite),
		plugins: [new CamelCasePlugin()],
		// A function call per query, and only a counter's increment when something is counting.
		log: logQuery
	});
}

export type Engine = 'sqlite' | 'postgres';

let instance: { db: Db; engine: Engine; sqlite?: SQLite.Database } | undefined;

/**
 * The process-wide database, opened lazily: PostgreSQL when DATABASE_URL names one, else the
 * SQLite file at DATABASE_PATH.
 */
export function getDb(): Db {
	if (!instance) {
		const url = config.databaseUrl;
		if (url !== undefined) {
			if (!isPostgresUrl(url)) throw new Error('DATABASE_URL must start with postgres://');
			instance = {
				db: createPostgresDb(url, { max: config.databasePoolSize }),
				engine: 'postgres'
			};
		} else {
			const sqlite = openSqlite(config.databasePath);
			instance = { db: createDb(sqlite), engine: 'sqlite', sqlite };
		}
	}
	return instance.db;
}

/** Which engine the process database runs on (the configured one before it is opened). */
export function engine(): Engine {
	if (instance) return instance.engine;
	return config.databaseUrl ? 'postgres' : 'sqlite';
}

/** Which engine a database runs on (migrations keep their own frozen copy: migrations/engine.ts). */
export function engineOf(db: { getExecutor(): { adapter: object } }): Engine {
	return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/** Lets tests run services against their own database (a SQLite one with its handle, if at hand). */
export function setDb(db: Db, sqlite?: SQLite.Database): void {
	instance = { db, engine: engineOf(db), sqlite };
}

/** The SQLite handle under the process database (SQLite only: pragmas, backups, plans). */
export function getSqlite(): SQLite.Database {
	getDb();
	if (!instance!.sqlite) throw new Error('the process database is not SQLite');
	return instance!.sqlite;
}
