import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../errors';
import { createTestDb } from '../testing/db';
import { makeApprovedRequest } from '../testing/donations';
import { allocateStock, makePledge, makeShippingWorld } from '../testing/shipping';
import * as shipments from './shipments';

let dir: string;
let w: Awaited<ReturnType<typeof makeShippingWorld>>;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-ship-'));
	process.env.UPLOADS_DIR = dir;
	await createTestDb();
	w = await makeShippingWorld();
});
afterEach(() => {
	fs.rmSync(dir, { recursive: true, force: true });
	delete process.env.UPLOADS_DIR;
});

const header = { carrier: 'China Post', reference: 'EMS123', dispatchedOn: shipments.today() };

async function stockRequest(quantity = 10, allocated = 10) {
	const req = await makeApprovedRequest({
		teacher: w.teacherA,
		lines: [{ catalogItemId: w.book, approved: quantity }]
	});
	await allocateStock(req.lineIds[0], w.book, allocated, w.coordinator.id);
	return req;
}

describe('creating a shipment', () => {
	it('numbers shipments SH-YYYY-NNNN, unique and sequential under 20 parallel creations', async () => {
		const req = await makeApprovedRequest({
			teacher: w.teacherA,
			lines: [{ catalogItemId: w.book, approved: 40 }]
		});
		await allocateStock(req.lineIds[0], w.book, 40, w.coordinator.id);
		const created = await Promise.all(
			Array.from({ length: 20 }, () =>
				shipments.create(w.coordinator.actor, {
					...header,
					schoolId: w.schoolA.id,
					source: 'stock',
					stockLines: [{ requestLineId: req.lineIds[0], quantity: 2 }]
				})
			)
		);
		const year = shipments.today().slice(0, 4);
		const numbers = created.map((c) => c.number).sort();
		expect(new Set(numbers).size).toBe(20);
		expect(numbers).toEqual(
			Array.from({ length: 20 }, (_, i) => `SH-${year}-${String(i + 1).padStart(4, '0')}`)
		);
		const line = await getDb()
			.selectFrom('requestLine')
			.selectAll()
			.where('id', '=', req.lineIds[0])
			.executeTakeFirstOrThrow();
		expect(line.quantityShipped).toBe(40);
		const counter = await getDb().selectFrom('shipmentCounter').selectAll().execute();
		expect(counter).toEqual([{ year: Number(year), last: 20 }]);
	});

	it('ships from stock: quantities shipped, a ledger row, the request fulfilling, teachers told', async () => {
		const req = await stockRequest(10, 6);
		const { id, number } = await shipments.create(w.coordinator.actor, {
			...header,
			schoolId: w.schoolA.id,
			source: 'stock',
			stockLines: [{ requestLineId: req.lineIds[0], quantity: 4 }]
		});
		expect(number).toMatch(/^SH-\d{4}-0001$/);
		const db = getDb();
		const line = await db
			.selectFrom('requestLine')
			.selectAll()
			.where('id', '=', req.lineIds[0])
			.executeTakeFirstOrThrow();
		expect(line.quantityShipped).toBe(4);
		const moves = await db
			.selectFrom('stockMovement')
			.selectAll()
			.where('kind', '=', 'shipped')
			.execute();
		expect(moves).toHaveLength(1);
		expect(moves[0].shipmentId).toBe(id);
		const level = await db.selectFrom('stockLevel').selectAll().executeTakeFirstOrThrow();
		expect([level.onHand, level.allocated]).toEqual([2, 2]);
		const request = await db
			.selectFrom('supplyRequest')
			.select('status')
			.where('id', '=', req.requestId)
			.executeTakeFirstOrThrow();
		expect(request.status).toBe('fulfilling');
		const notes = await db.selectFrom('notification').selectAll().execute();
		expect(notes.map((n) => [n.userId, n.kind])).toEqual([[w.teacherA.id, 'shipment_dispatched']]);
		expect(JSON.parse(notes[0].params)).toEqual({ number });
		const history = await db
			.selectFrom('auditLog')
			.selectAll()
			.where('subject', '=', 'shipment')
			.execute();
		expect(history.map((h) => h.action)).toEqual(['dispatch']);

		// Only the 2 still allocated and unsent can go next.
		await expect(
			shipments.create(w.coordinator.actor, {
				...header,
				schoolId: w.schoolA.id,
				source: 'stock',
				stockLines: [{ requestLineId: req.lineIds[0], quantity: 3 }]
			})
		).rejects.toBeInstanceOf(Conflict);
		// And nothing of the refused shipment stayed: no number was used up.
		expect(await db.selectFrom('shipment').select('id').execute()).toHaveLength(1);
	});

	it('ships direct from a sponsor: its pledges are shipped, another sponsor’s are refused', async () => {
		const req = await makeApprovedRequest({
			teacher: w.teacherA,
			lines: [{ catalogItemId: w.book, approved: 10 }]
		});
		const mine = await makePledge(req.lineIds[0], w.sponsor.organisationId!, w.sponsor.id, 6);
		const theirs = await makePledge(
			req.lineIds[0],
			w.otherSponsor.organisationId!,
			w.otherSponsor.id,
			4
		);
		await expect(
			shipments.create(w.coordinator.actor, {
				...header,
				schoolId: w.schoolA.id,
				source: 'sponsor',
				organisationId: w.sponsor.organisationId,
				pledgeLines: [{ pledgeId: theirs }]
			})
		).rejects.toBeInstanceOf(RuleViolation);
		const { id } = await shipments.create(w.coordinator.actor, {
			...header,
			schoolId: w.schoolA.id,
			source: 'sponsor',
			organisationId: w.sponsor.organisationId,
			pledgeLines: [{ pledgeId: mine, replacementItemId: w.ball }]
		});
		const pledge = await getDb()
			.selectFrom('pledge')
			.select('status')
			.where('id', '=', mine)
			.executeTakeFirstOrThrow();
		expect(pledge.status).toBe('shipped');
		const view = await shipments.get(w.coordinator.actor, id);
		expect(view.lines).toHaveLength(1);
		expect(view.lines[0].itemName).toBe('Football');
		expect(view.lines[0].replacesItemName).toBe('Picture book');
		expect(view.lines[0].quantity).toBe(6);
		// A pledge ships once.
		await expect(
			shipments.create(w.coordinator.actor, {
				...header,
				schoolId: w.schoolA.id,
				source: 'sponsor',
				organisationId: w.sponsor.organisationId,
				pledgeLines: [{ pledgeId: mine }]
			})
		).rejects.toBeInstanceOf(Conflict);
	});

	it('refuses lines of another school, bad dates, long text and no lines', async () => {
		const req = await stockRequest();
		const base = { ...header, schoolId: w.schoolB.id, source: 'stock' as const };
		await expect(
			shipments.create(w.coordinator.actor, {
				...base,
				stockLines: [{ requestLineId: req.lineIds[0], quantity: 1 }]
			})
		).rejects.toMatchObject({ field: `qty_${req.lineIds[0]}` });
		const good = { ...header, schoolId: w.schoolA.id, source: 'stock' as const };
		const lines = [{ requestLineId: req.lineIds[0], quantity: 1 }];
		for (const dispatchedOn of ['2026-02-30', '1999-01-01', '2999-01-01', 'soon', '']) {
			await expect(
				shipments.create(w.coordinator.actor, { ...good, dispatchedOn, stockLines: lines })
			).rejects.toMatchObject({ field: 'dispatchedOn' });
		}
		await expect(
			shipments.create(w.coordinator.actor, { ...good, carrier: 'x'.repeat(61), stockLines: lines })
		).rejects.toMatchObject({ field: 'carrier' });
		await expect(
			shipments.create(w.coordinator.actor, { ...good, stockLines: [] })
		).rejects.toMatchObject({ field: 'lines' });
		for (const quantity of [0, -1, 1.5, 1e9, Number.NaN]) {
			await expect(
				shipments.create(w.coordinator.actor, {
					...good,
					stockLines: [{ requestLineId: req.lineIds[0], quantity }]
				})
			).rejects.toBeInstanceOf(RuleViolation);
		}
		expect(await getDb().selectFrom('shipment').select('id').execute()).toHaveLength(0);
	});

	it('only coordinators create shipments', async () => {
		const req = await stockRequest();
		for (const who of [w.teacherA, w.sponsor, w.student, w.judge]) {
			await expect(
				shipments.create(who.actor, {
					...header,
					schoolId: w.schoolA.id,
					source: 'stock',
					stockLines: [{ requestLineId: req.lineIds[0], quantity: 1 }]
				})
			).rejects.toBeInstanceOf(Forbidden);
		}
	});
});

describe('seeing shipments', () => {
	it('shows a school its shipments, the giving sponsor theirs, and hides them from everyone else', async () => {
		const req = await makeApprovedRequest({
			teacher: w.teacherA,
			lines: [{ catalogItemId: w.book, approved: 10 }]
		});
		const pledge = await makePledge(req.lineIds[0], w.sponsor.organisationId!, w.sponsor.id, 5);
		const { id } = await shipments.create(w.coordinator.actor, {
			...header,
			schoolId: w.schoolA.id,
			source: 'sponsor',
			organisationId: w.sponsor.organisationId,
			pledgeLines: [{ pledgeId: pledge }]
		});
		expect((await shipments.get(w.teacherA.actor, id)).canConfirm).toBe(true);
		expect((await shipments.get(w.sponsor.actor, id)).canConfirm).toBe(false);
		expect((await shipments.get(w.coordinator.actor, id)).canResolve).toBe(true);
		for (const who of [w.teacherB, w.otherSponsor, w.student, w.judge]) {
			await expect(shipments.get(who.actor, id)).rejects.toBeInstanceOf(NotFound);
		}
		await expect(shipments.get(w.coordinator.actor, id + 1)).rejects.toBeInstanceOf(NotFound);

		expect((await shipments.list(w.teacherA.actor)).total).toBe(1);
		expect((await shipments.list(w.teacherB.actor)).total).toBe(0);
		expect((await shipments.list(w.sponsor.actor)).total).toBe(1);
		expect((await shipments.list(w.otherSponsor.actor)).total).toBe(0);
		expect((await shipments.list(w.coordinator.actor, { filter: 'unconfirmed' })).total).toBe(1);
		expect((await shipments.list(w.coordinator.actor, { filter: 'discrepancies' })).total).toBe(0);
		await expect(shipments.list(w.student.actor)).rejects.toBeInstanceOf(Forbidden);
		await expect(shipments.list(w.judge.actor)).rejects.toBeInstanceOf(Forbidden);
	});

	it('paginates by 20', async () => {
		const req = await stockRequest(30, 30);
		for (let i = 0; i < 25; i++) {
			await shipments.create(w.coordinator.actor, {
				...header,
				schoolId: w.schoolA.id,
				source: 'stock',
				stockLines: [{ requestLineId: req.lineIds[0], quantity: 1 }]
			});
		}
		const first = await shipments.list(w.coordinator.actor);
		const second = await shipments.list(w.coordinator.actor, { page: 2 });
		expect([first.items.length, second.items.length, first.pages]).toEqual([20, 5, 2]);
		expect(first.items[0].number).toMatch(/0025$/);
	});

	it('lists what can be shipped to a school', async () => {
		const req = await stockRequest(10, 4);
		await makePledge(req.lineIds[0], w.sponsor.organisationId!, w.sponsor.id, 3);
		const schools = await shipments.schoolsToShip(w.coordinator.actor);
		expect(schools.map((s) => s.id)).toEqual([w.schoolA.id]);
		const c = await shipments.candidates(w.coordinator.actor, w.schoolA.id);
		expect(c.stock.map((s) => s.available)).toEqual([4]);
		expect(c.pledged.map((p) => p.quantity)).toEqual([3]);
		await expect(shipments.candidates(w.teacherA.actor, w.schoolA.id)).rejects.toBeInstanceOf(
			Forbidden
		);
	});
});
