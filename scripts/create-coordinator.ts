// `npm run create-coordinator`: the first account of a production install.
// Asks for username, display name and password (or reads SAPLING_USERNAME, SAPLING_NAME,
// SAPLING_PASSWORD for unattended installs).
import { createInterface } from 'node:readline/promises';
import { getDb } from '../src/lib/server/db';
import { migrateToLatest } from '../src/lib/server/db/migrate';
import { createAccount } from '../src/lib/server/people/accounts';
import { DomainError } from '../src/lib/server/errors';

await migrateToLatest(getDb());
const rl = createInterface({ input: process.stdin, output: process.stdout });
const ask = async (question: string, env: string) =>
	process.env[env] || (await rl.question(question));
try {
	const username = await ask('Username: ', 'SAPLING_USERNAME');
	const displayName = await ask('Display name: ', 'SAPLING_NAME');
	const password = await ask('Password (at least 8 characters): ', 'SAPLING_PASSWORD');
	const id = await createAccount({
		username,
		displayName: displayName || username,
		password,
		role: 'coordinator'
	});
	console.log(`Coordinator ${username} created (id ${id}). Sign in at /login.`);
} catch (e) {
	if (e instanceof DomainError) {
		console.error(`Not created: ${e.message}`);
		process.exitCode = 1;
	} else throw e;
} finally {
	rl.close();
	await getDb().destroy();
}
