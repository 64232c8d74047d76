// `npm run db:migrate`: bring the configured database to the latest schema.
import { getDb } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { config } from '../src/lib/server/config';

const applied = await migrateToLatest(getDb());
console.log(
	applied.length
		? `Applied ${applied.length} migration(s) to ${config.databasePath}: ${applied.join(', ')}`
		: `${config.databasePath} is up to date.`
);
await getDb().destroy();
