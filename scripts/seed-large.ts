// `npm run seed:large [-- --scale 1 --out data/large.db --seed 20261203 --today YYYY-MM-DD]`:
// a large program (500 schools, 25,000 requests, 100,000 lines, 50,000 pledges, 1,000,000
// stock-ledger rows, 20,000 shipments, 100,000 notifications over two years at scale 1) in its own
// database file, grown on the demo program so the demo accounts (password demo-password) sign in.
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
	options: {
		scale: { type: 'string', default: '1' },
		out: { type: 'string', default: 'data/large.db' },
		seed: { type: 'string', default: '20261203' },
		today: { type: 'string' }
	}
});
const scale = Number(values.scale);
if (!(scale > 0 && scale <= 10)) {
	console.error('--scale must be a number above 0 and at most 10');
	process.exit(2);
}
const file = values.out!;
for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
// The database modules read DATABASE_PATH when first imported.
process.env.DATABASE_PATH = file;
const started = performance.now();
const { getDb, openSqlite } = await import('../src/lib/server/db');
const { migrateToLatest } = await import('../src/lib/server/db/migrate');
const { seedDemo } = await import('../src/lib/server/demo/seed');
const { growLarge } = await import('../src/lib/server/demo/large');

await migrateToLatest(getDb());
const world = await seedDemo();
await getDb().destroy();

const sqlite = openSqlite(file, { mustExist: true });
const counts = growLarge(sqlite, world, { scale, seed: Number(values.seed), today: values.today });
sqlite.exec('analyze');
sqlite.pragma('wal_checkpoint(truncate)');
sqlite.close();
const seconds = ((performance.now() - started) / 1000).toFixed(1);
const mb = (fs.statSync(file).size / 1e6).toFixed(0);
console.log(`Wrote ${file} (${mb} MB) in ${seconds} s, on top of the demo program:`);
console.table(counts);
