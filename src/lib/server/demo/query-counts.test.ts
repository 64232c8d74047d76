import { describe, expect, it } from 'vitest';
import { getSqlite } from '../db';
import { countQueries } from '../db/query-count';
import * as pledges from '../donations/pledges';
import * as requests from '../donations/requests';
import * as shipments from '../donations/shipments';
import * as stock from '../donations/stock';
import * as thanks from '../donations/thanks';
import * as notifications from '../notifications/notifications';
import { createTestDb } from '../testing/db';
import { growLarge } from './large';
import { demoActors, seedDemo, type DemoWorld } from './seed';

/** The newest row a query finds: the detail pages are measured on rows with the most history. */
const newest = (query: string, ...params: unknown[]) =>
	(
		getSqlite()
			.prepare(query)
			.raw()
			.get(...params) as number[]
	)[0];

/** Each list and detail the pages show, for the role that sees the most of it. */
function calls(world: DemoWorld) {
	const { coordinator, teacher, sponsor } = demoActors(world);
	const request = () =>
		newest(`select id from supply_request where status = 'fulfilling' order by id desc`);
	const shipment = () => newest('select id from shipment order by id desc');
	const pledge = () =>
		newest(
			'select id from pledge where organisation_id = ? order by id desc',
			world.organisations.genertec
		);
	const item = () =>
		newest('select catalog_item_id from stock_movement group by 1 order by count(*) desc');
	return {
		'requests (coordinator)': () => requests.list(coordinator, { status: 'all' }),
		'requests (teacher)': () => requests.list(teacher, { status: 'all' }),
		'a request (coordinator)': () => requests.get(coordinator, request()),
		'needs (sponsor)': () => pledges.listNeeds(sponsor),
		'need filters (sponsor)': () => pledges.needFilters(sponsor),
		'pledges (sponsor)': () => pledges.list(sponsor),
		'a pledge (sponsor)': () => pledges.get(sponsor, pledge()),
		'shipments (coordinator)': () => shipments.list(coordinator),
		'a shipment (coordinator)': () => shipments.get(coordinator, shipment()),
		'stock (coordinator)': () => stock.levels(coordinator),
		'stock totals (coordinator)': () => stock.totals(coordinator),
		'fillable needs (coordinator)': () => stock.fillable(coordinator),
		'an item ledger (coordinator)': () => stock.ledger(coordinator, item()),
		'thank-you notes (coordinator)': () => thanks.list(coordinator),
		'notifications (coordinator)': () => notifications.list(coordinator)
	} satisfies Record<string, () => Promise<unknown>>;
}

async function measure(world: DemoWorld) {
	const counts: Record<string, number> = {};
	const each: Record<string, () => Promise<unknown>> = calls(world);
	for (const [name, call] of Object.entries(each))
		counts[name] = (await countQueries(call)).queries;
	return counts;
}

describe('queries per page', () => {
	it('counts the queries a piece of work runs, and only its own', async () => {
		await createTestDb();
		const world = await seedDemo();
		const [a, b] = await Promise.all([
			countQueries(() =>
				requests.list({
					id: world.users.coordinator,
					role: 'coordinator',
					schoolId: null,
					organisationId: null
				})
			),
			countQueries(async () => undefined)
		]);
		expect(a.queries).toBeGreaterThan(0);
		expect(b.queries).toBe(0);
	});

	it('stay the same when the program grows: no list or detail queries once per row', async () => {
		await createTestDb();
		const world = await seedDemo();
		const small = await measure(world);
		growLarge(getSqlite(), world, { scale: 0.01, seed: 3, today: '2026-12-01' });
		const grown = await measure(world);
		expect(grown).toEqual(small);
		// And each stays a handful: a page's data in a few queries, not dozens.
		for (const [name, n] of Object.entries(grown)) expect(n, name).toBeLessThanOrEqual(6);
	});
});
