// `npm run db:migrate`: bring the configured database to the latest schema (a new install: create it).
import fs from 'node:fs';
import { getDb } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { config } from '../src/lib/server/config';

if (!fs.existsSync(config.databasePath)) {
	console.log(`No database at ${config.databasePath}: creating a new one.`);
}
const applied = await migrateToLatest(getDb());
console.log(
	applied.length
		? `Applied ${applied.length} migration(s) to ${config.databasePath}: ${applied.join(', ')}`
		: `${config.databasePath} is up to date.`
);
await getDb().destroy();
