// `npx tsx scripts/trace-queries.ts [--db data/large.db] [--runs 20] [only…]`: times each list and
// detail service call on a database file as a demo account, query by query, and prints each query's
// median time and its plan. For finding where a page's time goes; `npm run bench` measures pages.
import { parseArgs } from 'node:util';

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

const { getSqlite } = await import('../src/lib/server/db');
const { captureQueries } = await import('../src/lib/server/db/query-count');
const { refreshStatistics } = await import('../src/lib/server/db/statistics');
const pledges = await import('../src/lib/server/donations/pledges');
const requests = await import('../src/lib/server/donations/requests');
const shipments = await import('../src/lib/server/donations/shipments');
const stock = await import('../src/lib/server/donations/stock');
const thanks = await import('../src/lib/server/donations/thanks');
const notifications = await import('../src/lib/server/notifications/notifications');
import type { Actor } from '../src/lib/server/access/policy';

const sqlite = getSqlite();
refreshStatistics(sqlite, true);
const one = (query: string, ...params: unknown[]) =>
	(
		sqlite
			.prepare(query)
			.raw()
			.get(...params) as number[]
	)[0];
const actor = (username: string): Actor => {
	const u = sqlite
		.prepare('select id, role, school_id as s, organisation_id as o from user where username = ?')
		.get(username) as { id: number; role: Actor['role']; s: number | null; o: number | null };
	return { id: u.id, role: u.role, schoolId: u.s, organisationId: u.o };
};
const coordinator = actor('coordinator');
const teacher = actor('teacher');
const sponsor = actor('sponsor');
const item = one('select catalog_item_id from stock_level order by catalog_item_id');
const busiest = one(
	'select catalog_item_id from stock_movement group by 1 order by count(*) desc limit 1'
);
const request = one(`select id from supply_request where status = 'fulfilling' order by id desc`);

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
	for (const { sql, parameters } of seen) {
		const statement = sqlite.prepare(sql);
		const times: number[] = [];
		for (let i = 0; i < runs; i++) {
			const t = performance.now();
			if (statement.reader) statement.all(...(parameters as unknown[]));
			else statement.run(...(parameters as unknown[]));
			times.push(performance.now() - t);
		}
		console.log(`- ${median(times).toFixed(2)} ms  ${sql.replace(/\s+/g, ' ').slice(0, 160)}`);
		if (values.plans)
			for (const row of sqlite
				.prepare(`explain query plan ${sql}`)
				.all(...(parameters as unknown[])) as { detail: string }[])
				console.log(`      ${row.detail}`);
	}
}
