// `npm run db:copy -- --from SOURCE --to TARGET`: moves a whole program between the engines. Each of
// SOURCE and TARGET is a SQLite file or a postgres:// URL. The target is migrated first and must be
// empty; every row is copied with the target's constraints on, then both sides are compared table
// by table. Stop the portal first: rows written during the copy would be left behind.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { createDb, openSqlite, type Db } from '../src/lib/server/db';
import { copyDatabase } from '../src/lib/server/db/copy';
import { createPostgresDb, isPostgresUrl, redactUrl } from '../src/lib/server/db/postgres';

const { values } = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' } } });
if (!values.from || !values.to) {
	console.error(
		'Usage: npm run db:copy -- --from data/sapling.db --to postgres://…  (or the other way)'
	);
	process.exit(2);
}

function open(where: string, source: boolean): Db {
	if (isPostgresUrl(where)) return createPostgresDb(where, { max: 2 });
	if (source && !fs.existsSync(where)) throw new Error(`no database at ${where}`);
	return createDb(openSqlite(where, { mustExist: source }));
}
const name = (where: string) => (isPostgresUrl(where) ? redactUrl(where) : where);

const from = open(values.from, true);
const to = open(values.to, false);
try {
	const started = Date.now();
	const counts = await copyDatabase(from, to, (line) => console.log(`  ${line}`));
	const rows = counts.reduce((n, c) => n + c.rows, 0);
	console.log(
		`Copied ${rows} row(s) in ${counts.length} tables from ${name(values.from)} to ${name(values.to)} ` +
			`in ${((Date.now() - started) / 1000).toFixed(1)} s; every table compared equal.`
	);
} catch (e) {
	console.error(`Copy failed: ${(e as Error).message}`);
	process.exitCode = 1;
} finally {
	await from.destroy();
	await to.destroy();
}
