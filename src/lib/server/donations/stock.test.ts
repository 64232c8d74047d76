import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';

const initialLocale = getLocale;
import { sql } from 'kysely';
import { getDb } from '../db';
import { COUNTED_PAGES, COUNTED_ROWS, PAGE_SIZE } from '../input';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../errors';
import type { Actor } from '../access/policy';
import { makeOrganisation, makeUser } from '../testing/factories';
import { createTestDb } from '../testing/db';
import { lineOf, makeApprovedRequest, makeCatalogItem } from '../testing/donations';
import * as pledges from './pledges';
import * as stock from './stock';

let coordinator: Actor;

beforeEach(async () => {
	await createTestDb();
	coordinator = (await makeUser('coordinator')).actor;
});

async function levelOf(itemId: number) {
	return getDb()
		.selectFrom('stockLevel')
		.selectAll()
		.where('catalogItemId', '=', itemId)
		.executeTakeFirst();
}

/** The running totals recomputed from the ledger alone. */
async function ledgerSums(itemId: number) {
	const rows = await getDb()
		.selectFrom('stockMovement')
		.select(['kind', (eb) => eb.fn.sum<number>('quantity').as('n')])
		.where('catalogItemId', '=', itemId)
		.groupBy('kind')
		.execute();
	const by = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
	const sum = (...kinds: string[]) => kinds.reduce((t, k) => t + (by[k] ?? 0), 0);
	return {
		onHand: sum('received', 'adjusted', 'shipped'),
		allocated: sum('allocated', 'released', 'shipped')
	};
}

async function ship(itemId: number, requestLineId: number, quantity: number) {
	return getDb()
		.transaction()
		.execute((trx) =>
			stock.shipFromStock(trx, {
				itemId,
				requestLineId,
				quantity,
				shipmentId: 1,
				actorId: coordinator.id
			})
		);
}

describe('receiving', () => {
	it('adds to on-hand and writes one ledger row naming the sponsor', async () => {
		const item = await makeCatalogItem();
		const organisation = await makeOrganisation();
		await stock.receive(coordinator, {
			itemId: item.id,
			quantity: 40,
			organisationId: organisation.id,
			note: 'truck 1'
		});
		await stock.receive(coordinator, { itemId: item.id, quantity: 2 });
		expect(await levelOf(item.id)).toMatchObject({ onHand: 42, allocated: 0 });
		const rows = await getDb().selectFrom('stockMovement').selectAll().orderBy('id').execute();
		expect(rows.map((r) => [r.kind, r.quantity, r.organisationId, r.reason])).toEqual([
			['received', 40, organisation.id, 'truck 1'],
			['received', 2, null, '']
		]);
	});

	it.each([0, -1, 1.5, 1e9, NaN])('refuses the quantity %s', async (quantity) => {
		const item = await makeCatalogItem();
		const refusal = await stock.receive(coordinator, { itemId: item.id, quantity }).catch((e) => e);
		expect(refusal).toBeInstanceOf(RuleViolation);
		expect(refusal.field).toBe('quantity');
		expect(await levelOf(item.id)).toBeUndefined();
	});

	it('refuses an unknown item or organisation, and a huge note', async () => {
		const item = await makeCatalogItem();
		await expect(stock.receive(coordinator, { itemId: 9999, quantity: 1 })).rejects.toMatchObject({
			field: 'itemId'
		});
		await expect(
			stock.receive(coordinator, { itemId: item.id, quantity: 1, organisationId: 9999 })
		).rejects.toMatchObject({ field: 'organisationId' });
		await expect(
			stock.receive(coordinator, { itemId: item.id, quantity: 1, note: 'x'.repeat(501) })
		).rejects.toMatchObject({ field: 'note' });
		expect(await getDb().selectFrom('stockMovement').selectAll().execute()).toHaveLength(0);
	});

	it('is the coordinators’ alone', async () => {
		const item = await makeCatalogItem();
		for (const role of ['teacher', 'student', 'judge', 'sponsor'] as const) {
			const actor = (await makeUser(role)).actor;
			await expect(stock.receive(actor, { itemId: item.id, quantity: 1 })).rejects.toBeInstanceOf(
				Forbidden
			);
			await expect(
				stock.adjust(actor, { itemId: item.id, delta: 1, reason: 'x' })
			).rejects.toBeInstanceOf(Forbidden);
			await expect(stock.levels(actor)).rejects.toBeInstanceOf(Forbidden);
			await expect(stock.ledger(actor, item.id)).rejects.toBeInstanceOf(Forbidden);
			await expect(stock.fillable(actor)).rejects.toBeInstanceOf(Forbidden);
		}
	});
});

describe('adjusting', () => {
	it('needs a reason and a non-zero whole change', async () => {
		const item = await makeCatalogItem();
		await stock.receive(coordinator, { itemId: item.id, quantity: 5 });
		await expect(
			stock.adjust(coordinator, { itemId: item.id, delta: -1, reason: '  ' })
		).rejects.toMatchObject({ field: 'reason' });
		await expect(
			stock.adjust(coordinator, { itemId: item.id, delta: -1, reason: 'x'.repeat(501) })
		).rejects.toMatchObject({ field: 'reason' });
		for (const delta of [0, 1.5, 1e9, -1e9, NaN]) {
			await expect(
				stock.adjust(coordinator, { itemId: item.id, delta, reason: 'count' })
			).rejects.toMatchObject({ field: 'delta' });
		}
		await stock.adjust(coordinator, { itemId: item.id, delta: -2, reason: 'two damaged' });
		await stock.adjust(coordinator, { itemId: item.id, delta: 3, reason: 'found a box' });
		expect(await levelOf(item.id)).toMatchObject({ onHand: 6 });
	});

	it('never takes on-hand below zero or below what is allocated', async () => {
		const item = await makeCatalogItem();
		const { lineIds } = await makeApprovedRequest({
			lines: [{ catalogItemId: item.id, approved: 10 }]
		});
		await stock.receive(coordinator, { itemId: item.id, quantity: 5 });
		await stock.allocate(coordinator, { itemId: item.id, requestLineId: lineIds[0], quantity: 3 });
		const refusal = await stock
			.adjust(coordinator, { itemId: item.id, delta: -3, reason: 'lost' })
			.catch((e) => e);
		expect(refusal).toBeInstanceOf(Conflict);
		expect(refusal.message).toMatch(/2/);
		await stock.adjust(coordinator, { itemId: item.id, delta: -2, reason: 'lost' });
		expect(await levelOf(item.id)).toMatchObject({ onHand: 3, allocated: 3 });
		const empty = await makeCatalogItem();
		await expect(
			stock.adjust(coordinator, { itemId: empty.id, delta: -1, reason: 'x' })
		).rejects.toBeInstanceOf(Conflict);
	});
});

describe('allocating', () => {
	it('sets stock aside for an open need and covers the line', async () => {
		const item = await makeCatalogItem();
		const { request, lineIds } = await makeApprovedRequest({
			lines: [{ catalogItemId: item.id, approved: 10 }]
		});
		await stock.receive(coordinator, { itemId: item.id, quantity: 6 });
		await stock.allocate(coordinator, { itemId: item.id, requestLineId: lineIds[0], quantity: 4 });
		expect(await levelOf(item.id)).toMatchObject({ onHand: 6, allocated: 4 });
		expect((await lineOf(lineIds[0])).quantityAllocated).toBe(4);
		const status = await getDb()
			.selectFrom('supplyRequest')
			.select('status')
			.where('id', '=', request.id)
			.executeTakeFirstOrThrow();
		expect(status.status).toBe('fulfilling');
		// Allocation and pledges share the line's approved quantity.
		await expect(
			pledges.create((await makeUser('sponsor')).actor, { lineId: lineIds[0], quantity: 7 })
		).rejects.toBeInstanceOf(Conflict);
	});

	it('refuses more than the need, more than available, another item, and closed requests', async () => {
		const item = await makeCatalogItem();
		const other = await makeCatalogItem();
		const { lineIds } = await makeApprovedRequest({
			lines: [{ catalogItemId: item.id, approved: 3 }]
		});
		await stock.receive(coordinator, { itemId: item.id, quantity: 10 });
		await stock.receive(coordinator, { itemId: other.id, quantity: 10 });
		await expect(
			stock.allocate(coordinator, { itemId: item.id, requestLineId: lineIds[0], quantity: 4 })
		).rejects.toBeInstanceOf(Conflict);
		await expect(
			stock.allocate(coordinator, { itemId: other.id, requestLineId: lineIds[0], quantity: 1 })
		).rejects.toBeInstanceOf(RuleViolation);
		await expect(
			stock.allocate(coordinator, { itemId: item.id, requestLineId: 99999, quantity: 1 })
		).rejects.toBeInstanceOf(NotFound);
		const big = await makeApprovedRequest({ lines: [{ catalogItemId: item.id, approved: 50 }] });
		const refusal = await stock
			.allocate(coordinator, { itemId: item.id, requestLineId: big.lineIds[0], quantity: 11 })
			.catch((e) => e);
		expect(refusal).toBeInstanceOf(Conflict);
		expect(refusal.message).toMatch(/10/);
		expect((await lineOf(big.lineIds[0])).quantityAllocated).toBe(0);
		const closed = await makeApprovedRequest({
			status: 'closed',
			lines: [{ catalogItemId: item.id, approved: 5 }]
		});
		await expect(
			stock.allocate(coordinator, {
				itemId: item.id,
				requestLineId: closed.lineIds[0],
				quantity: 1
			})
		).rejects.toBeInstanceOf(Conflict);
		expect(await levelOf(item.id)).toMatchObject({ onHand: 10, allocated: 0 });
		for (const quantity of [0, -1, 1.5, 1e9]) {
			await expect(
				stock.allocate(coordinator, { itemId: item.id, requestLineId: lineIds[0], quantity })
			).rejects.toMatchObject({ field: 'quantity' });
		}
	});

	it('two allocations of the last unit at once: exactly one succeeds', async () => {
		const item = await makeCatalogItem();
		const a = await makeApprovedRequest({ lines: [{ catalogItemId: item.id, approved: 5 }] });
		const b = await makeApprovedRequest({ lines: [{ catalogItemId: item.id, approved: 5 }] });
		await stock.receive(coordinator, { itemId: item.id, quantity: 1 });
		const results = await Promise.allSettled([
			stock.allocate(coordinator, { itemId: item.id, requestLineId: a.lineIds[0], quantity: 1 }),
			stock.allocate(coordinator, { itemId: item.id, requestLineId: b.lineIds[0], quantity: 1 })
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
		expect(lost.reason).toBeInstanceOf(Conflict);
		expect(await levelOf(item.id)).toMatchObject({ onHand: 1, allocated: 1 });
		const covered =
			(await lineOf(a.lineIds[0])).quantityAllocated +
			(await lineOf(b.lineIds[0])).quantityAllocated;
		expect(covered).toBe(1);
		expect(
			await getDb()
				.selectFrom('stockMovement')
				.select('id')
				.where('kind', '=', 'allocated')
				.execute()
		).toHaveLength(1);
	});
});

describe('releasing and shipping', () => {
	it('release returns stock to the shelf and reopens the need', async () => {
		const item = await makeCatalogItem();
		const { lineIds } = await makeApprovedRequest({
			lines: [{ catalogItemId: item.id, approved: 5 }]
		});
		await stock.receive(coordinator, { itemId: item.id, quantity: 5 });
		await stock.allocate(coordinator, { itemId: item.id, requestLineId: lineIds[0], quantity: 4 });
		await expect(
			stock.release(coordinator, { itemId: item.id, requestLineId: lineIds[0], quantity: 5 })
		).rejects.toBeInstanceOf(Conflict);
		await stock.release(coordinator, { itemId: item.id, requestLineId: lineIds[0], quantity: 3 });
		expect(await levelOf(item.id)).toMatchObject({ onHand: 5, allocated: 1 });
		expect((await lineOf(lineIds[0])).quantityAllocated).toBe(1);
		expect(await stock.allocations(coordinator, item.id)).toMatchObject([
			{ lineId: lineIds[0], quantity: 1 }
		]);
	});

	it('shipFromStock takes allocated stock off the shelf; unallocated stock cannot ship', async () => {
		const item = await makeCatalogItem();
		const { lineIds } = await makeApprovedRequest({
			lines: [{ catalogItemId: item.id, approved: 5 }]
		});
		const other = await makeApprovedRequest({ lines: [{ catalogItemId: item.id, approved: 5 }] });
		await stock.receive(coordinator, { itemId: item.id, quantity: 8 });
		await stock.allocate(coordinator, { itemId: item.id, requestLineId: lineIds[0], quantity: 3 });
		await expect(ship(item.id, other.lineIds[0], 1)).rejects.toBeInstanceOf(Conflict);
		await expect(ship(item.id, lineIds[0], 4)).rejects.toBeInstanceOf(Conflict);
		await ship(item.id, lineIds[0], 2);
		expect(await levelOf(item.id)).toMatchObject({ onHand: 6, allocated: 1 });
		// Shipped stock can't be released any more; the line stays covered.
		await expect(
			stock.release(coordinator, { itemId: item.id, requestLineId: lineIds[0], quantity: 2 })
		).rejects.toBeInstanceOf(Conflict);
		expect((await lineOf(lineIds[0])).quantityAllocated).toBe(3);
		const shipped = await getDb()
			.selectFrom('stockMovement')
			.selectAll()
			.where('kind', '=', 'shipped')
			.executeTakeFirstOrThrow();
		expect(shipped).toMatchObject({ quantity: -2, shipmentId: 1, requestLineId: lineIds[0] });
	});

	it('after a random sequence of movements, the ledger sums equal the levels', async () => {
		const item = await makeCatalogItem();
		const lines: number[] = [];
		for (let i = 0; i < 4; i++) {
			lines.push(
				(await makeApprovedRequest({ lines: [{ catalogItemId: item.id, approved: 400 }] }))
					.lineIds[0]
			);
		}
		let seed = 42;
		const random = (n: number) => {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			return seed % n;
		};
		let refused = 0;
		for (let step = 0; step < 300; step++) {
			const line = lines[random(lines.length)];
			const q = 1 + random(12);
			try {
				switch (random(5)) {
					case 0:
						await stock.receive(coordinator, { itemId: item.id, quantity: q });
						break;
					case 1:
						await stock.adjust(coordinator, {
							itemId: item.id,
							delta: random(2) ? q : -q,
							reason: 'count'
						});
						break;
					case 2:
						await stock.allocate(coordinator, {
							itemId: item.id,
							requestLineId: line,
							quantity: q
						});
						break;
					case 3:
						await ship(item.id, line, q);
						break;
					case 4:
						await stock.release(coordinator, { itemId: item.id, requestLineId: line, quantity: q });
						break;
				}
			} catch (e) {
				if (!(e instanceof Conflict)) throw e;
				refused++;
			}
			const level = await levelOf(item.id);
			if (level) {
				expect(level.onHand).toBeGreaterThanOrEqual(0);
				expect(level.allocated).toBeLessThanOrEqual(level.onHand);
			}
		}
		expect(refused).toBeGreaterThan(0);
		const level = await levelOf(item.id);
		expect(await ledgerSums(item.id)).toEqual({
			onHand: level!.onHand,
			allocated: level!.allocated
		});
		let outstanding = 0;
		for (const line of lines) outstanding += await stock.outstanding(item.id, line);
		expect(outstanding).toBe(level!.allocated);
	});

	it('the database refuses a negative on-hand even if a service forgot to check', async () => {
		const item = await makeCatalogItem();
		await stock.receive(coordinator, { itemId: item.id, quantity: 1 });
		await expect(
			getDb()
				.updateTable('stockLevel')
				.set({ onHand: -1 })
				.where('catalogItemId', '=', item.id)
				.execute()
		).rejects.toThrow(/check/i);
	});
});

describe('read models', () => {
	afterEach(() => overwriteGetLocale(initialLocale));

	it('totals add money across items, but quantities only within a unit', async () => {
		const books = await makeCatalogItem({
			nameZh: '作业本',
			nameEn: 'Exercise books',
			unit: 'pack',
			unitValueFen: 1500
		});
		const paper = await makeCatalogItem({ unit: 'pack', unitValueFen: 2000 });
		const blocks = await makeCatalogItem({ unit: 'box', unitValueFen: 9900 });
		await stock.receive(coordinator, { itemId: books.id, quantity: 20 });
		await stock.receive(coordinator, { itemId: paper.id, quantity: 3 });
		await stock.receive(coordinator, { itemId: blocks.id, quantity: 5 });
		overwriteGetLocale(() => 'en');
		const totals = await stock.totals(coordinator);
		// 20 packs + 3 packs + 5 boxes: 23 packs and 5 boxes, never "28".
		expect(totals).toEqual({
			items: 3,
			valueFen: 20 * 1500 + 3 * 2000 + 5 * 9900,
			allocatedValueFen: 0,
			byUnit: [
				{ unit: 'box', label: 'boxes', items: 1, onHand: 5, allocated: 0 },
				{ unit: 'pack', label: 'packs', items: 2, onHand: 23, allocated: 0 }
			]
		});
		const levels = await stock.levels(coordinator);
		expect(levels.items.find((l) => l.itemId === books.id)).toMatchObject({
			name: 'Exercise books',
			unit: 'packs'
		});
		overwriteGetLocale(() => 'zh-CN');
		expect(
			(await stock.levels(coordinator)).items.find((l) => l.itemId === books.id)
		).toMatchObject({ name: '作业本', unit: '包' });
		expect((await stock.totals(coordinator)).byUnit.map((u) => u.label)).toEqual(['盒', '包']);
	});

	it('levels, totals, ledger and the needs stock could fill', async () => {
		const book = await makeCatalogItem({ name: 'Picture book', unitValueFen: 1500 });
		const ball = await makeCatalogItem({ name: 'Football', category: 'sports' });
		const { lineIds } = await makeApprovedRequest({
			lines: [
				{ catalogItemId: book.id, approved: 30 },
				{ catalogItemId: ball.id, approved: 2 }
			]
		});
		await stock.receive(coordinator, { itemId: book.id, quantity: 10 });
		await stock.allocate(coordinator, { itemId: book.id, requestLineId: lineIds[0], quantity: 4 });
		const levels = await stock.levels(coordinator);
		expect(levels.items).toEqual([
			expect.objectContaining({
				itemId: book.id,
				onHand: 10,
				allocated: 4,
				available: 6,
				valueFen: 15000
			})
		]);
		expect(await stock.totals(coordinator)).toEqual({
			items: 1,
			valueFen: 15000,
			allocatedValueFen: 6000,
			byUnit: [{ unit: 'piece', label: '个', items: 1, onHand: 10, allocated: 4 }]
		});
		const fill = await stock.fillable(coordinator);
		expect(fill.items).toEqual([
			expect.objectContaining({ lineId: lineIds[0], available: 6, open: 26, suggested: 6 })
		]);
		const { item, movements } = await stock.ledger(coordinator, book.id);
		expect(item).toMatchObject({ onHand: 10, allocated: 4, available: 6 });
		expect(movements.items.map((r) => r.kind)).toEqual(['allocated', 'received']);
		expect(movements.items[0].schoolName).toBeTruthy();
		await expect(stock.ledger(coordinator, 99999)).rejects.toBeInstanceOf(NotFound);
	});
});

describe('the needs stock could fill', () => {
	it('lists soonest needed first, then by request and line, leaving out what the shelf or the request can’t serve', async () => {
		const book = await makeCatalogItem({ name: 'Picture book' });
		const none = await makeCatalogItem({ name: 'Not in stock' });
		await stock.receive(coordinator, { itemId: book.id, quantity: 50 });
		const later = await makeApprovedRequest({
			neededBy: '2027-06-01',
			lines: [{ catalogItemId: book.id, approved: 3 }]
		});
		const soonA = await makeApprovedRequest({
			neededBy: '2027-03-01',
			lines: [
				{ catalogItemId: book.id, approved: 2 },
				{ catalogItemId: none.id, approved: 2 },
				{ catalogItemId: book.id, approved: 5 }
			]
		});
		const soonB = await makeApprovedRequest({
			neededBy: '2027-03-01',
			lines: [{ catalogItemId: book.id, approved: 1 }]
		});
		// Waiting for review: nothing of it may be filled yet.
		await makeApprovedRequest({
			neededBy: '2027-01-01',
			status: 'submitted',
			lines: [{ catalogItemId: book.id, approved: 4 }]
		});
		const fill = await stock.fillable(coordinator);
		expect(fill.items.map((f) => f.lineId)).toEqual([
			soonA.lineIds[0],
			soonA.lineIds[2],
			soonB.lineIds[0],
			later.lineIds[0]
		]);
		expect(fill).toMatchObject({ total: 4, pages: 1, page: 1 });
		expect(fill.more).toBeUndefined();
	});

	it('counts no further than the pager goes, and says there is more', async () => {
		const book = await makeCatalogItem({ name: 'Picture book' });
		await stock.receive(coordinator, { itemId: book.id, quantity: 5 });
		const { requestId: id } = await makeApprovedRequest({
			lines: [{ catalogItemId: book.id, approved: 1 }]
		});
		// COUNTED_ROWS + 5 open lines of one request, written directly: the service would take minutes.
		await sql`
			with recursive n(i) as (select 2 union all select i + 1 from n where i < ${COUNTED_ROWS + 5})
			insert into request_line (request_id, position, catalog_item_id, description, quantity_requested, reason, quantity_approved)
			select ${id}, i, ${book.id}, '', 1, '', 1 from n`.execute(getDb());
		const first = await stock.fillable(coordinator);
		expect(first).toMatchObject({ page: 1, pages: COUNTED_PAGES, total: COUNTED_ROWS, more: true });
		expect(first.items).toHaveLength(PAGE_SIZE);
		const last = await stock.fillable(coordinator, COUNTED_PAGES);
		expect(last.items).toHaveLength(PAGE_SIZE);
		expect(last.page).toBe(COUNTED_PAGES);
		// Past the counted pages: the last counted one, not an empty page.
		expect((await stock.fillable(coordinator, COUNTED_PAGES + 7)).items).toEqual(last.items);
	});
});
