// `npm run db:backup -- FILE`: a consistent copy of the configured database, safe while it runs.
import { backupFile } from '../src/lib/server/db/backup';
import { config } from '../src/lib/server/config';

const file = process.argv[2];
if (!file) {
	console.error('Usage: npm run db:backup -- FILE');
	process.exit(2);
}
try {
	await backupFile(config.databasePath, file);
} catch (e) {
	console.error(`Backup failed: ${(e as Error).message}`);
	process.exit(1);
}
console.log(`Backed up ${config.databasePath} to ${file}`);
