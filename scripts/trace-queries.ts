// `npx tsx scripts/trace-queries.ts [--db data/large.db] [--runs 20] [--plans] [only…]`: times each
// list and detail service call as a demo account, query by query, and prints each query's median
// time (and with --plans its plan: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN ANALYZE). On
// the SQLite file at --db, or on PostgreSQL when DATABASE_URL names a database (`npm run db:copy`
// puts the large program there). For finding where a page's time goes; `npm run bench` measures pages.
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';

const { values, positionals } = parseArgs({
	options: {
		db: { type: 'string', default: 'data/large.db' },
		runs: { type: 'string', default: '20' },
		plans: { type: 'boolean', default: false }
	},
	allowPositionals: true
});
process.env.DATABASE_PATH = values.db!;
const runs = Number(values.runs);

const { engine, getDb, getSqlite } = await import('../src/lib/server/db');
const { captureQueries } = await import('../src/lib/server/db/query-count');
const { refreshStatistics } = await import('../src/lib/server/db/statistics');
const pledges = await import('../src/lib/server/donations/pledges');
const requests = await import('../src/lib/server/donations/requests');
const shipments = await import('../src/lib/server/donations/shipments');
const stock = await import('../src/lib/server/donations/stock');
const thanks = await import('../src/lib/server/donations/thanks');
const notifications = await import('../src/lib/server/notifications/notifications');
import type { Actor } from '../src/lib/server/access/policy';

const db = getDb();
const onPostgres = engine() === 'postgres';
if (onPostgres) await sql`analyze`.execute(db);
else refreshStatistics(getSqlite(), true);
console.log(`# ${onPostgres ? 'PostgreSQL' : `SQLite at ${values.db}`}`);

/** The first column of a query's first row. */
const one = async (query: string): Promise<number> => {
	const { rows } = await db.executeQuery<Record<string, number>>(CompiledQuery.raw(query));
	return Number(Object.values(rows[0])[0]);
};
const users = await db
	.selectFrom('user')
	.select(['id', 'username', 'role', 'schoolId', 'organisationId'])
	.where('username', 'in', ['coordinator', 'teacher', 'sponsor'])
	.execute();
const actor = (username: string): Actor => {
	const u = users.find((row) => row.username === username)!;
	return { id: u.id, role: u.role, schoolId: u.schoolId, organisationId: u.organisationId };
};
const coordinator = actor('coordinator');
const teacher = actor('teacher');
const sponsor = actor('sponsor');
const item = await one('select catalog_item_id from stock_level order by catalog_item_id limit 1');
const busiest = await one(
	'select catalog_item_id from stock_movement group by 1 order by count(*) desc limit 1'
);
const request = await one(
	`select id from supply_request where status = 'fulfilling' order by id desc limit 1`
);
const sponsorShipment = await one(
	`select s.id from shipment s join organisation o on o.id = s.organisation_id
		join "user" u on u.organisation_id = o.id where u.username = 'sponsor' order by s.id desc limit 1`
);

const calls: Record<string, () => Promise<unknown>> = {
	'stock levels': () => stock.levels(coordinator),
	'stock totals': () => stock.totals(coordinator),
	'stock fillable': () => stock.fillable(coordinator),
	'stock form options': () => stock.formOptions(coordinator),
	'stock ledger (first item)': () => stock.ledger(coordinator, item),
	'stock allocations (first item)': () => stock.allocations(coordinator, item),
	'stock ledger (busiest item)': () => stock.ledger(coordinator, busiest),
	'stock allocations (busiest item)': () => stock.allocations(coordinator, busiest),
	'shipments (coordinator)': () => shipments.list(coordinator),
	'shipments (teacher)': () => shipments.list(teacher),
	'shipments (sponsor)': () => shipments.list(sponsor),
	'shipments unconfirmed (coordinator)': () =>
		shipments.list(coordinator, { filter: 'unconfirmed' }),
	'shipments discrepancies (coordinator)': () =>
		shipments.list(coordinator, { filter: 'discrepancies' }),
	'shipments discrepancies (sponsor)': () => shipments.list(sponsor, { filter: 'discrepancies' }),
	'pledges (sponsor)': () => pledges.list(sponsor),
	'pledges (coordinator)': () => pledges.list(coordinator),
	'requests (coordinator)': () => requests.list(coordinator, { status: 'all' }),
	'requests (teacher)': () => requests.list(teacher, { status: 'all' }),
	'a request (coordinator)': () => requests.get(coordinator, request),
	'a request (sponsor)': () => requests.get(sponsor, request),
	"a request's thank-you notes (sponsor)": () => thanks.list(sponsor, { requestId: request }),
	'a shipment (sponsor)': () => shipments.get(sponsor, sponsorShipment),
	'needs (sponsor)': () => pledges.listNeeds(sponsor),
	'need filters (sponsor)': () => pledges.needFilters(sponsor),
	'thanks (sponsor)': () => thanks.list(sponsor),
	'thanks (coordinator)': () => thanks.list(coordinator),
	'notifications (coordinator)': () => notifications.list(coordinator)
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [name, call] of Object.entries(calls)) {
	if (positionals.length && !positionals.some((p) => name.includes(p))) continue;
	const whole: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t = performance.now();
		await call();
		whole.push(performance.now() - t);
	}
	const seen = await captureQueries(call);
	console.log(
		`\n## ${name}: ${median(whole).toFixed(2)} ms (median of ${runs}), ${seen.length} queries`
	);
	for (const { sql: text, parameters } of seen) {
		const query = CompiledQuery.raw(text, [...parameters]);
		const times: number[] = [];
		for (let i = 0; i < runs; i++) {
			const t = performance.now();
			await db.executeQuery(query);
			times.push(performance.now() - t);
		}
		console.log(`- ${median(times).toFixed(2)} ms  ${text.replace(/\s+/g, ' ').slice(0, 160)}`);
		if (!values.plans) continue;
		const explain = CompiledQuery.raw(
			`${onPostgres ? 'explain (analyze, buffers)' : 'explain query plan'} ${text}`,
			[...parameters]
		);
		for (const row of (await db.executeQuery<Record<string, string>>(explain)).rows)
			console.log(`      ${onPostgres ? row['QUERY PLAN'] : row.detail}`);
	}
}
await db.destroy();
