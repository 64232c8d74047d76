import { PostgresAdapter, type Kysely } from 'kysely';

// Frozen with the migrations: which engine a migration runs on, for the few statements whose
// spelling differs (SQLite's `glob` and `json_valid`, its table rebuilds). Everything else is
// written once: PostgreSQL compiles SQLite's DDL in its own words (db/postgres.ts).

export function onPostgres(db: Kysely<any>): boolean {
	return db.getExecutor().adapter instanceof PostgresAdapter;
}
