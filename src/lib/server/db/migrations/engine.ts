import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen with the migrations: which engine a migration runs on, for the few statements whose
// spelling differs (SQLite's `glob` and `json_valid`, its table rebuilds). Everything else is
// written once: PostgreSQL compiles SQLite's DDL in its own words (db/postgres.ts).
// The same test as db/index.ts's `engineOf`, kept here on purpose: migrations import nothing of
// the living code, so that a later change to it can't change what an old migration does.

export function onPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}
