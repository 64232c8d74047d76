// `npm run db:migrate`: bring the configured database to the latest schema (a new install: create it).
// SQLite at DATABASE_PATH, or PostgreSQL at DATABASE_URL (the database must exist; its tables are made).
import fs from 'node:fs';
import { engine, getDb } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { config } from '../src/lib/server/config';
import { redactUrl } from '../src/lib/server/db/postgres';

const target =
	engine() === 'postgres' ? `PostgreSQL at ${redactUrl(config.databaseUrl!)}` : config.databasePath;
if (engine() === 'sqlite' && !fs.existsSync(config.databasePath)) {
	console.log(`No database at ${config.databasePath}: creating a new one.`);
}
const applied = await migrateToLatest(getDb());
console.log(
	applied.length
		? `Applied ${applied.length} migration(s) to ${target}: ${applied.join(', ')}`
		: `${target} is up to date.`
);
await getDb().destroy();
