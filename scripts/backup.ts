// `npm run db:backup -- FILE`: a consistent copy of the configured database, safe while it runs.
// SQLite: the online backup API, a database file. PostgreSQL: pg_dump's custom format (restore it
// with pg_restore), a snapshot of one transaction.
import { backupFile, backupPostgres } from '../src/lib/server/db/backup';
import { config } from '../src/lib/server/config';
import { redactUrl } from '../src/lib/server/db/postgres';

const file = process.argv[2];
if (!file) {
	console.error('Usage: npm run db:backup -- FILE');
	process.exit(2);
}
const url = config.databaseUrl;
if (url) {
	try {
		await backupPostgres(url, file);
	} catch (e) {
		console.error(`Backup failed: ${(e as Error).message}`);
		process.exit(1);
	}
	console.log(`Backed up PostgreSQL at ${redactUrl(url)} to ${file} (pg_restore reads it)`);
} else {
	try {
		await backupFile(config.databasePath, file);
	} catch (e) {
		console.error(`Backup failed: ${(e as Error).message}`);
		process.exit(1);
	}
	console.log(`Backed up ${config.databasePath} to ${file}`);
}
