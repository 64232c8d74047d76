// `npm run db:backup -- FILE`: a consistent copy of the configured database, safe while it runs.
import { getSqlite } from '../src/lib/server/db';
import { backupTo } from '../src/lib/server/db/backup';
import { config } from '../src/lib/server/config';

const file = process.argv[2];
if (!file) {
	console.error('Usage: npm run db:backup -- FILE');
	process.exit(2);
}
await backupTo(getSqlite(), file);
console.log(`Backed up ${config.databasePath} to ${file}`);
