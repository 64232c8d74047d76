import { sql, type Kysely, type Migration, type Transaction } from 'kysely';
import type { Database } from './schema';
import { migrations as all } from './migrations';
import { onPostgres } from './migrations/engine';

// The tables Kysely's Migrator made and reads: databases migrated before keep working, both ways.
const TABLE = 'kysely_migration';
const LOCK_TABLE = 'kysely_migration_lock';
/** PostgreSQL's advisory lock for migrations: any fixed number no other code uses. */
const MIGRATION_LOCK_KEY = 7_324_001;

/**
 * A migration that rebuilds a table others point at (SQLite's twelve-step ALTER: create the new
 * table, copy, drop the old, rename) says so: it runs with foreign keys off, as SQLite requires
 * (the pragma can't change inside a transaction, and dropping a parent table with them on fails),
 * and its transaction commits only if `pragma foreign_key_check` then finds nothing broken.
 */
export type SaplingMigration = Migration & { rebuildsTables?: boolean };

/**
 * Brings the database to the latest schema. Each migration and the row that records it commit in
 * one transaction (Kysely's Migrator on SQLite runs them apart: a crash in between left a table
 * that the next start tried to create again). Returns the names it applied.
 */
export async function migrateToLatest(
	db: Kysely<Database>,
	migrations: Record<string, SaplingMigration> = all
): Promise<string[]> {
	const raw = db.withoutPlugins();
	const postgres = onPostgres(db);
	// The record's own tables, made once. On PostgreSQL `if not exists` does not hold against a
	// second instance creating them at the same moment (it fails on the catalog's unique index):
	// made under the migrations' advisory lock, in one transaction.
	await raw.transaction().execute(async (trx) => {
		if (postgres) await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
		await sql`create table if not exists ${sql.table(TABLE)} (
			name varchar(255) not null primary key, timestamp varchar(255) not null)`.execute(trx);
		await sql`create table if not exists ${sql.table(LOCK_TABLE)} (
			id varchar(255) not null primary key, is_locked integer not null default 0)`.execute(trx);
		await sql`insert into ${sql.table(LOCK_TABLE)} (id, is_locked)
			values ('migration_lock', 0) on conflict (id) do nothing`.execute(trx);
	});

	const names = Object.keys(migrations).sort();
	check(await executedNames(raw), names);
	const applied: string[] = [];
	for (const name of names) {
		// Each migration is its own write transaction: `begin immediate` (on PostgreSQL, an
		// advisory lock held to the commit) also keeps a second process from running the same one
		// at once (it waits, then finds it recorded). PostgreSQL's DDL is transactional too.
		const done = await db.connection().execute(async (conn) => {
			const rebuilds = !postgres && !!migrations[name].rebuildsTables;
			if (rebuilds) await sql`pragma foreign_keys = off`.execute(conn);
			if (postgres) {
				await sql`begin`.execute(conn);
				await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
			} else {
				await sql`begin immediate`.execute(conn);
			}
			try {
				const executed = await executedNames(conn.withoutPlugins());
				check(executed, names);
				if (executed.includes(name)) {
					await sql`rollback`.execute(conn);
					return false;
				}
				await migrations[name].up(withSavepoints(conn as unknown as Transaction<Database>));
				if (rebuilds) {
					const broken = await sql`pragma foreign_key_check`.execute(conn);
					if (broken.rows.length > 0)
						throw new Error(`${name} left ${broken.rows.length} broken foreign key(s)`);
				}
				await sql`insert into ${sql.table(TABLE)} (name, timestamp)
					values (${name}, ${new Date().toISOString()})`.execute(conn.withoutPlugins());
				await sql`commit`.execute(conn);
				return true;
			} catch (e) {
				// SQLite may already have rolled back (a full disk does): then there is nothing to undo.
				await sql`rollback`.execute(conn).catch(() => undefined);
				throw e;
			} finally {
				if (rebuilds) await sql`pragma foreign_keys = on`.execute(conn);
			}
		});
		if (done) applied.push(name);
	}
	return applied;
}

async function executedNames(db: Kysely<Database>): Promise<string[]> {
	const result = await sql<{
		name: string;
	}>`select name from ${sql.table(TABLE)} order by name`.execute(db);
	return result.rows.map((r) => r.name);
}

/** The same refusals as Kysely's Migrator: a database ahead of this code, or out of order. */
function check(executed: readonly string[], known: readonly string[]): void {
	for (const name of executed) {
		if (!known.includes(name)) throw new Error(`corrupted migrations: ${name} is not known here`);
	}
	const last = executed.at(-1);
	const pending = known.filter((n) => !executed.includes(n));
	if (last && pending.some((n) => n < last)) {
		throw new Error(`corrupted migrations: ${pending.find((n) => n < last)} runs before ${last}`);
	}
}

/**
 * The migration's own `db.transaction()` inside ours, as a savepoint: frozen migrations wrap
 * themselves in a transaction, and SQLite does not nest them.
 */
function withSavepoints<DB>(conn: Transaction<DB>): Kysely<DB> {
	let depth = 0;
	const nested = {
		execute: async <T>(callback: (trx: Transaction<DB>) => Promise<T>): Promise<T> => {
			const name = sql.id(`migration_${++depth}`);
			await sql`savepoint ${name}`.execute(conn);
			try {
				const result = await callback(proxy as Transaction<DB>);
				await sql`release ${name}`.execute(conn);
				return result;
			} catch (e) {
				await sql`rollback to ${name}`.execute(conn).catch(() => undefined);
				await sql`release ${name}`.execute(conn).catch(() => undefined);
				throw e;
			} finally {
				depth--;
			}
		}
	};
	const proxy: Kysely<DB> = new Proxy(conn, {
		get(target, key) {
			if (key === 'transaction') return () => nested;
			const value = Reflect.get(target, key, target) as unknown;
			return typeof value === 'function' ? value.bind(target) : value;
		}
	});
	return proxy;
}
