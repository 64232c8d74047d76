import { beforeAll, describe, expect, it } from 'vitest';
import { getSqlite } from '../db';
import { captureQueries } from '../db/query-count';
import * as pledges from '../donations/pledges';
import * as requests from '../donations/requests';
import * as shipments from '../donations/shipments';
import * as stock from '../donations/stock';
import * as thanks from '../donations/thanks';
import * as notifications from '../notifications/notifications';
import { createTestDb } from '../testing/db';
import { growLarge } from './large';
import { demoActors, seedDemo, type DemoWorld } from './seed';

/** Tables that grow with the program: a list must never read all of one. */
const LARGE = [
	'request_line',
	'supply_request',
	'pledge',
	'shipment',
	'shipment_line',
	'stock_movement',
	'notification',
	'audit_log',
	'thank_you_note'
];

/** The plan SQLite chooses for each query `work` really ran (the service's own SQL and values). */
async function plans(work: () => Promise<unknown>): Promise<string[]> {
	const seen = await captureQueries(work);
	return seen.map(({ sql, parameters }) =>
		(
			getSqlite()
				.prepare(`explain query plan ${sql}`)
				.all(...(parameters as unknown[])) as { detail: string }[]
		)
			.map((r) => r.detail)
			.join('\n')
	);
}

/** An item with movements in its ledger (the one with the highest id). */
const itemWithMovements = () =>
	(
		getSqlite().prepare('select max(catalog_item_id) from stock_movement').raw().get() as number[]
	)[0];

/** The full scans of a large table in a plan ("SCAN pledge" without an index). */
const fullScans = (plan: string) =>
	plan
		.split('\n')
		.filter((line) => /^SCAN (\w+)/.test(line.trim()) && !/USING (COVERING )?INDEX/.test(line))
		.map((line) => /^SCAN (\w+)/.exec(line.trim())![1])
		.filter((table) => LARGE.includes(table));

// Without statistics (no ANALYZE) SQLite plans as if every table were large: the plans a big program gets.
describe('query plans of the lists and details', () => {
	let world: DemoWorld;
	beforeAll(async () => {
		await createTestDb();
		world = await seedDemo();
		growLarge(getSqlite(), world, { scale: 0.02, seed: 5, today: '2026-12-01' });
	});
	const actors = () => demoActors(world);

	it('reads the needs page and the stock that could fill them from their partial indexes', async () => {
		const { sponsor, coordinator } = actors();
		const needs = (await plans(() => pledges.listNeeds(sponsor))).join('\n');
		expect(needs).toContain('request_line_open_idx');
		// With statistics (the portal refreshes them) the page's rows walk supply_request_pledgeable_idx
		// in needed-by order and stop at the page's end; without, SQLite may pick the status index.
		expect(needs).toMatch(/supply_request_(pledgeable|status)_idx/);
		// The storeroom's list is walked from the requests in needed-by order whatever the statistics
		// say (the index is named), counted no further than the pager goes, and sorts no more than
		// each request's own lines.
		const [count, page] = await plans(() => stock.fillable(coordinator));
		for (const plan of [count, page]) {
			expect(plan).toMatch(/SCAN supply_request USING INDEX supply_request_pledgeable_idx/);
			expect(plan).toMatch(/SEARCH request_line USING INDEX request_line_open_idx/);
		}
		expect(page).not.toContain('USE TEMP B-TREE FOR ORDER BY');
	});

	it('counts open needs over lines and requests alone, and finds the filter choices by asking each school and category', async () => {
		const { sponsor } = actors();
		const [count] = await plans(() => pledges.listNeeds(sponsor));
		// Counted as far as the pager goes: the tables read under the capped subquery (db/count.ts).
		const tables = count
			.split('\n')
			.map((l) => /^(?:SEARCH|SCAN) (\w+)/.exec(l.trim())?.[1])
			.filter((t) => t !== undefined && t !== 'capped');
		expect(new Set(tables)).toEqual(new Set(['supply_request', 'request_line']));
		expect(count).toMatch(/CO-ROUTINE capped/);
		const [schools, categories, ...more] = await plans(() => pledges.needFilters(sponsor));
		expect(more).toEqual([]);
		// Each answered by the first open line found, never by keeping the distinct ones of all.
		for (const plan of [schools, categories]) {
			expect(plan).not.toContain('DISTINCT');
			expect(plan).toContain('request_line');
		}
		expect(schools).toMatch(/SEARCH request_line USING INDEX request_line_open_idx/);
	});

	it('reads a shipment’s follow-up lines through their index', async () => {
		const { coordinator } = actors();
		const id = (getSqlite().prepare('select max(id) from shipment').raw().get() as number[])[0];
		const all = (await plans(() => shipments.get(coordinator, id))).join('\n');
		expect(all).not.toMatch(/SCAN shipment_line\b(?! USING)/);
	});

	it('reads the storeroom from its running levels and an item’s ledger through its indexes', async () => {
		const { coordinator } = actors();
		const item = (
			getSqlite()
				.prepare('select catalog_item_id from stock_movement group by 1 order by count(*) desc')
				.raw()
				.get() as number[]
		)[0];
		const line = (
			getSqlite()
				.prepare(
					`select request_line_id from stock_movement where catalog_item_id = ? and kind = 'allocated'`
				)
				.raw()
				.get(item) as number[]
		)[0];
		const levels = (await plans(() => stock.levels(coordinator))).join('\n');
		const totals = (await plans(() => stock.totals(coordinator))).join('\n');
		for (const plan of [levels, totals]) {
			expect(plan).toContain('stock_level');
			expect(plan).not.toContain('stock_movement');
		}
		// The page of movements walks the item's entries newest first: no sort of its whole history.
		const ledger = await plans(() => stock.ledger(coordinator, item));
		const movements = ledger.find((p) => p.includes('stock_movement') && p.includes('user'))!;
		expect(movements).toMatch(/SEARCH stock_movement USING INDEX stock_movement_item_idx/);
		expect(movements).not.toContain('TEMP B-TREE');
		// What is set aside per line: summed from the line index alone, never from the table.
		const held = (await plans(() => stock.allocations(coordinator, item))).join('\n');
		expect(held).toMatch(/SEARCH stock_movement USING COVERING INDEX stock_movement_line_idx/);
		const one = (await plans(() => stock.outstanding(item, line))).join('\n');
		expect(one).toMatch(
			/SEARCH stock_movement USING COVERING INDEX stock_movement_line_idx \(catalog_item_id=\? AND request_line_id=\?/
		);
	});

	it.each(['sponsor', 'coordinator'] as const)(
		'counts pledges (%s) over the pledge table alone',
		async (role) => {
			const [count] = await plans(() => pledges.list(actors()[role]));
			expect(count).toMatch(/^(SEARCH|SCAN) pledge USING COVERING INDEX/);
			const tables = count.split('\n').map((l) => /^(?:SEARCH|SCAN) (\w+)/.exec(l.trim())?.[1]);
			expect(tables).toEqual(['pledge']);
			// And the page walks pledges newest first through an index: no sort of them all.
			const [, page] = await plans(() => pledges.list(actors()[role]));
			expect(page).not.toContain('TEMP B-TREE');
		}
	);

	it.each([
		['coordinator', 'all'],
		['coordinator', 'unconfirmed'],
		['coordinator', 'discrepancies'],
		['teacher', 'all'],
		['sponsor', 'all'],
		['sponsor', 'discrepancies']
	] as const)('lists shipments (%s, %s) without a subquery per shipment', async (role, filter) => {
		const seen = await plans(() => shipments.list(actors()[role], { filter }));
		expect(seen).toHaveLength(3);
		const [count, page, perRow] = seen;
		for (const plan of seen) expect(plan).not.toContain('CORRELATED');
		// The count reads the shipments alone: no join per row to their school or sponsor.
		expect(count).not.toMatch(/\b(school|organisation)\b/);
		// The page's line counts: one grouped search of the page's ids.
		expect(perRow).toMatch(
			/^SEARCH shipment_line USING (COVERING )?INDEX shipment_line_shipment_idx/
		);
		// Only the newest-first walk of shipment by its row id may say SCAN (it stops at the page's end).
		const scans = [count, perRow].flatMap(fullScans);
		expect(scans).toEqual([]);
		expect(fullScans(page).filter((t) => t !== 'shipment')).toEqual([]);
	});

	it.each([
		[
			'requests (coordinator)',
			(a: ReturnType<typeof actors>) => requests.list(a.coordinator, { status: 'all' })
		],
		[
			'requests (teacher)',
			(a: ReturnType<typeof actors>) => requests.list(a.teacher, { status: 'all' })
		],
		['needs (sponsor)', (a: ReturnType<typeof actors>) => pledges.listNeeds(a.sponsor)],
		['need filters (sponsor)', (a: ReturnType<typeof actors>) => pledges.needFilters(a.sponsor)],
		['stock could fill', (a: ReturnType<typeof actors>) => stock.fillable(a.coordinator)],
		['stock levels', (a: ReturnType<typeof actors>) => stock.levels(a.coordinator)],
		['stock totals', (a: ReturnType<typeof actors>) => stock.totals(a.coordinator)],
		[
			'an item’s ledger',
			(a: ReturnType<typeof actors>) => stock.ledger(a.coordinator, itemWithMovements())
		],
		[
			'an item’s allocations',
			(a: ReturnType<typeof actors>) => stock.allocations(a.coordinator, itemWithMovements())
		],
		['thank-you notes (teacher)', (a: ReturnType<typeof actors>) => thanks.list(a.teacher)],
		['notifications (teacher)', (a: ReturnType<typeof actors>) => notifications.list(a.teacher)],
		[
			'unread notifications (teacher)',
			(a: ReturnType<typeof actors>) => notifications.unreadCount(a.teacher)
		]
	])('%s reads no large table whole', async (_name, call) => {
		const scans = (await plans(() => call(actors()))).flatMap(fullScans);
		expect(scans).toEqual([]);
	});
});
