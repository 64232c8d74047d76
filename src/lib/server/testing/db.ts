import { createDb, openSqlite, setDb, type Db } from '../db';
import { migrateToLatest } from '../db/migrate';

/** A fresh in-memory database with every migration, installed as the process database. */
export async function createTestDb(): Promise<Db> {
	const sqlite = openSqlite(':memory:');
	const db = createDb(sqlite);
	await migrateToLatest(db);
	setDb(db, sqlite);
	return db;
}
