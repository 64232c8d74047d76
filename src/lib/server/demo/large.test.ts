import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type SQLite from 'better-sqlite3';
import { getSqlite } from '../db';
import { createTestDb } from '../testing/db';
import * as requests from '../donations/requests';
import * as pledges from '../donations/pledges';
import * as shipments from '../donations/shipments';
import * as stock from '../donations/stock';
import * as notifications from '../notifications/notifications';
import { REQUEST_STATUSES } from '../db/schema';
import { growLarge, type LargeCounts } from './large';
import { demoActors, seedDemo, type DemoWorld } from './seed';

const OPTIONS = { scale: 0.01, seed: 7, today: '2026-12-01' };

type Demo = Record<'requests' | 'shipments' | 'movements', number>;

async function grown(): Promise<{
	sqlite: SQLite.Database;
	world: DemoWorld;
	counts: LargeCounts;
	demo: Demo;
}> {
	await createTestDb();
	const world = await seedDemo();
	const sqlite = getSqlite();
	const demo = sqlite
		.prepare(
			`select (select max(id) from supply_request) as requests, (select max(id) from shipment) as shipments,
			        (select max(id) from stock_movement) as movements`
		)
		.get() as Demo;
	return { sqlite, world, counts: growLarge(sqlite, world, OPTIONS), demo };
}

const all = <T>(sqlite: SQLite.Database, query: string) => sqlite.prepare(query).all() as T[];
const column = (sqlite: SQLite.Database, query: string) =>
	(sqlite.prepare(query).raw().all() as unknown[][]).map((r) => r[0]);

/** What the generator wrote (not the demo seed, whose dates follow the real clock). */
function fingerprint(sqlite: SQLite.Database, demo: Demo): string {
	const rows = [
		all(
			sqlite,
			`select school_id, status, needed_by, purpose from supply_request where id > ${demo.requests} order by id`
		),
		all(sqlite, `select * from request_line where request_id > ${demo.requests} order by id`),
		all(
			sqlite,
			`select number, school_id, source, status, dispatched_on from shipment where id > ${demo.shipments} order by id`
		),
		all(
			sqlite,
			`select catalog_item_id, kind, quantity, created_at from stock_movement where id > ${demo.movements} order by id`
		)
	];
	return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

describe('the large program (at a hundredth of its size)', () => {
	let sqlite: SQLite.Database;
	let world: DemoWorld;
	let counts: LargeCounts;
	let demo: Demo;
	beforeAll(async () => {
		({ sqlite, world, counts, demo } = await grown());
	});

	it('comes near the sizes asked for', () => {
		expect(counts.requests).toBe(250);
		expect(counts.requestLines).toBeGreaterThan(800);
		expect(counts.requestLines).toBeLessThan(1200);
		expect(counts.pledges).toBeGreaterThan(300);
		expect(counts.pledges).toBeLessThan(800);
		expect(counts.shipments).toBeGreaterThan(120);
		expect(counts.shipments).toBeLessThan(320);
		expect(counts.stockMovements).toBeGreaterThanOrEqual(9_500);
		expect(counts.stockMovements).toBeLessThan(11_500);
		expect(counts.notifications).toBe(1_000);
	});

	it('reaches every state of every lifecycle the services reach', () => {
		expect(column(sqlite, 'select distinct status from supply_request').sort()).toEqual(
			[...REQUEST_STATUSES].sort()
		);
		expect(column(sqlite, 'select distinct status from pledge').sort()).toEqual([
			'active',
			'cancelled',
			'delivered',
			'shipped'
		]);
		expect(column(sqlite, 'select distinct status from shipment').sort()).toEqual([
			'dispatched',
			'received'
		]);
		expect(column(sqlite, 'select distinct receipt from shipment_line')).toEqual(
			expect.arrayContaining(['pending', 'received', 'short'])
		);
		expect(column(sqlite, 'select distinct discrepancy from shipment_line')).toContain('open');
	});

	it('keeps every line within what was approved, covered, shipped and received', () => {
		const wrong = all(
			sqlite,
			`select l.id from request_line l
			 where l.quantity_shipped > l.quantity_pledged + l.quantity_allocated
			    or l.quantity_received > l.quantity_shipped
			    or l.quantity_pledged <> (select coalesce(sum(quantity), 0) from pledge p
			                              where p.request_line_id = l.id and p.status <> 'cancelled')
			    or l.quantity_shipped <> (select coalesce(sum(quantity), 0) from shipment_line s where s.request_line_id = l.id)
			    or l.quantity_received <> (select coalesce(sum(quantity_received), 0) from shipment_line s where s.request_line_id = l.id)`
		);
		expect(wrong).toEqual([]);
		// A delivered request got everything approved; a draft or submitted one has nothing decided.
		expect(
			all(
				sqlite,
				`select l.id from request_line l join supply_request r on r.id = l.request_id
				 where (r.status in ('delivered', 'closed') and l.quantity_received <> coalesce(l.quantity_approved, 0))
				    or (r.status in ('draft', 'submitted') and l.quantity_approved is not null)
				    or (r.status = 'rejected' and l.quantity_approved <> 0)`
			)
		).toEqual([]);
		// A pledge is shipped or delivered exactly when a shipment carries it.
		expect(
			all(
				sqlite,
				`select p.id from pledge p
				 where (p.status in ('shipped', 'delivered')) <> exists (select 1 from shipment_line s where s.pledge_id = p.id)`
			)
		).toEqual([]);
	});

	it('keeps a storeroom whose ledger adds up and never went below what it held back', () => {
		const levels = all<{
			id: number;
			onHand: number;
			allocated: number;
			ledgerOnHand: number;
			ledgerAllocated: number;
		}>(
			sqlite,
			`select s.catalog_item_id as id, s.on_hand as onHand, s.allocated,
			        (select coalesce(sum(quantity), 0) from stock_movement m where m.catalog_item_id = s.catalog_item_id
			           and kind in ('received', 'adjusted', 'shipped')) as ledgerOnHand,
			        (select coalesce(sum(quantity), 0) from stock_movement m where m.catalog_item_id = s.catalog_item_id
			           and kind in ('allocated', 'released', 'shipped')) as ledgerAllocated
			 from stock_level s`
		);
		expect(levels.length).toBeGreaterThan(10);
		for (const level of levels) {
			expect(level.onHand, `item ${level.id}`).toBe(level.ledgerOnHand);
			expect(level.allocated, `item ${level.id}`).toBe(level.ledgerAllocated);
			expect(level.onHand).toBeGreaterThanOrEqual(level.allocated);
		}
		const dips = all(
			sqlite,
			`select * from (
			   select catalog_item_id, id,
			     sum(case when kind in ('received', 'adjusted', 'shipped') then quantity else 0 end)
			       over (partition by catalog_item_id order by id) as on_hand,
			     sum(case when kind in ('allocated', 'released', 'shipped') then quantity else 0 end)
			       over (partition by catalog_item_id order by id) as allocated
			   from stock_movement)
			 where allocated < 0 or on_hand < allocated`
		);
		expect(dips).toEqual([]);
	});

	it('numbers shipments per year without a gap, as the counter does', () => {
		const years = all<{ year: number; last: number; n: number; top: number }>(
			sqlite,
			`select c.year, c.last, count(s.id) as n, max(cast(substr(s.number, 9) as integer)) as top
			 from shipment_counter c join shipment s on s.number like 'SH-' || c.year || '-%' group by c.year`
		);
		expect(years.length).toBeGreaterThanOrEqual(2);
		for (const y of years) expect([y.n, y.top]).toEqual([y.last, y.last]);
	});

	it('is read by the services as any program is', async () => {
		const { coordinator, sponsor, teacher } = demoActors(world);
		expect((await requests.list(coordinator, { status: 'all' })).total).toBeGreaterThan(250);
		expect((await requests.list(teacher, { status: 'all' })).total).toBeGreaterThan(5);
		expect((await pledges.listNeeds(sponsor)).total).toBeGreaterThan(20);
		expect((await pledges.list(sponsor)).total).toBeGreaterThan(20);
		expect((await shipments.list(coordinator)).total).toBeGreaterThan(120);
		expect((await stock.levels(coordinator)).total).toBeGreaterThan(10);
		expect((await notifications.list(coordinator)).items.length).toBeGreaterThan(0);
	});

	it('writes the same program from the same seed and day', async () => {
		const first = fingerprint(sqlite, demo);
		const again = await grown();
		expect(again.demo).toEqual(demo);
		expect(fingerprint(again.sqlite, again.demo)).toBe(first);
	});
});
