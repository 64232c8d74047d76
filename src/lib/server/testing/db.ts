import { createDb, openSqlite, setDb, type Db } from '../db';
import { migrateToLatest } from '../db/migrate';
import { createPostgresTestDb, testEngine } from './postgres';

/**
 * A fresh database with every migration, installed as the process database: in memory on SQLite,
 * a copy of the migrated template on PostgreSQL (the suite's PostgreSQL half).
 */
export async function createTestDb(): Promise<Db> {
	if (testEngine() === 'postgres') {
		const { db } = await createPostgresTestDb();
		setDb(db);
		return db;
	}
	const sqlite = openSqlite(':memory:');
	const db = createDb(sqlite);
	await migrateToLatest(db);
	setDb(db, sqlite);
	return db;
}
