import { describe, expect, it } from 'vitest';
import type { Actor } from '../access';
import { getDb } from '../db';
import { race, runWorker, useRaceDb } from '../testing/race';
import { makeApprovedRequest } from '../testing/donations';
import { allocateStock, makeItem, makeShippingWorld } from '../testing/shipping';
import type { ConfirmInput } from './receipts';
import * as shipments from './shipments';
import type { Answer } from './shipments.race-worker';

// Three app instances (threads, each with its own connection to one database file) sending and
// receiving shipments at the same moment: the database, not the order of events, settles it.
describe('shipments from parallel app instances', () => {
	const db = useRaceDb('shipments');
	const entry = new URL('./shipments.race-worker.ts', import.meta.url);
	const header = { carrier: 'China Post', reference: 'EMS1', dispatchedOn: shipments.today() };

	function three(
		actors: Actor[],
		work: { shipment?: shipments.ShipmentInput; confirm?: { lineId: number; input: ConfirmInput } },
		attempts = 1
	) {
		const start = new SharedArrayBuffer(4);
		const workers = actors.map((actor) =>
			runWorker<Answer[]>(entry, db.file, start, { actor, ...work, attempts })
		);
		return race(workers, start).then((answers) => answers.flat());
	}

	/** A stock shipment to school A: one request line per item, 10 of each allocated and sent. */
	async function shipped(w: Awaited<ReturnType<typeof makeShippingWorld>>, items: number[]) {
		const req = await makeApprovedRequest({
			teacher: w.teacherA,
			lines: items.map((catalogItemId) => ({ catalogItemId, approved: 10 }))
		});
		for (const [i, itemId] of items.entries())
			await allocateStock(req.lineIds[i], itemId, 10, w.coordinator.id);
		const { id } = await shipments.create(w.coordinator.actor, {
			...header,
			schoolId: w.schoolA.id,
			source: 'stock',
			stockLines: req.lineIds.map((requestLineId) => ({ requestLineId, quantity: 10 }))
		});
		const lines = await getDb()
			.selectFrom('shipmentLine')
			.select(['id', 'requestLineId'])
			.where('shipmentId', '=', id)
			.orderBy('id')
			.execute();
		return { shipmentId: id, lines, requestLineIds: req.lineIds };
	}

	const auditRows = (shipmentId: number, action: string) =>
		getDb()
			.selectFrom('auditLog')
			.select('id')
			.where('subject', '=', 'shipment')
			.where('subjectId', '=', shipmentId)
			.where('action', '=', action)
			.execute();

	it('numbers shipments sent at once from three instances in one unbroken run', async () => {
		const w = await makeShippingWorld();
		const req = await makeApprovedRequest({
			teacher: w.teacherA,
			lines: [{ catalogItemId: w.book, approved: 30 }]
		});
		await allocateStock(req.lineIds[0], w.book, 30, w.coordinator.id);
		const shipment = {
			...header,
			schoolId: w.schoolA.id,
			source: 'stock' as const,
			stockLines: [{ requestLineId: req.lineIds[0], quantity: 2 }]
		};
		// 15 shipments of 2 fit the 30 allocated; 6 more find nothing left and are refused.
		const answers = await three(
			[w.coordinator.actor, w.coordinator.actor, w.coordinator.actor],
			{
				shipment
			},
			7
		);

		const year = shipments.today().slice(0, 4);
		const numbers = answers.flatMap((a) => (a.ok && a.number ? [a.number] : [])).sort();
		expect(numbers).toEqual(
			Array.from({ length: 15 }, (_, i) => `SH-${year}-${String(i + 1).padStart(4, '0')}`)
		);
		expect(answers.filter((a) => !a.ok)).toEqual(
			Array.from({ length: 6 }, () => ({ ok: false, error: 'Conflict' }))
		);
		// A refused shipment took no number: the next one carries on the run.
		expect(await getDb().selectFrom('shipmentCounter').selectAll().execute()).toEqual([
			{ year: Number(year), last: 15 }
		]);
		const stored = await getDb()
			.selectFrom('shipment')
			.select('number')
			.orderBy('number')
			.execute();
		expect(stored.map((s) => s.number)).toEqual(numbers);
	}, 60_000);

	it("ships a line's allocated stock once: the second and third instance are refused", async () => {
		const w = await makeShippingWorld();
		const req = await makeApprovedRequest({
			teacher: w.teacherA,
			lines: [{ catalogItemId: w.book, approved: 10 }]
		});
		await allocateStock(req.lineIds[0], w.book, 10, w.coordinator.id);
		const answers = await three([w.coordinator.actor, w.coordinator.actor, w.coordinator.actor], {
			shipment: {
				...header,
				schoolId: w.schoolA.id,
				source: 'stock',
				stockLines: [{ requestLineId: req.lineIds[0], quantity: 10 }]
			}
		});

		expect(answers.filter((a) => a.ok)).toHaveLength(1);
		expect(answers.filter((a) => !a.ok)).toEqual([
			{ ok: false, error: 'Conflict' },
			{ ok: false, error: 'Conflict' }
		]);
		const line = await getDb()
			.selectFrom('requestLine')
			.select(['quantityShipped', 'quantityAllocated'])
			.where('id', '=', req.lineIds[0])
			.executeTakeFirstOrThrow();
		expect(line).toEqual({ quantityShipped: 10, quantityAllocated: 10 });
		const level = await getDb()
			.selectFrom('stockLevel')
			.select(['onHand', 'allocated'])
			.where('catalogItemId', '=', w.book)
			.executeTakeFirstOrThrow();
		expect(level).toEqual({ onHand: 0, allocated: 0 });
		const moves = await getDb()
			.selectFrom('stockMovement')
			.select(['quantity'])
			.where('requestLineId', '=', req.lineIds[0])
			.where('kind', '=', 'shipped')
			.execute();
		expect(moves).toEqual([{ quantity: -10 }]);
		expect(await getDb().selectFrom('shipmentLine').select('id').execute()).toHaveLength(1);
	}, 60_000);

	it('stores and counts a line confirmed at once from three instances once', async () => {
		const w = await makeShippingWorld();
		// Two lines: the shipment stays open after the first receipt, so only the line's own state
		// can stop the second and third.
		const { shipmentId, lines, requestLineIds } = await shipped(w, [w.book, w.ball]);
		const quiet = await getDb()
			.selectFrom('notification')
			.select((eb) => eb.fn.max('id').as('id'))
			.executeTakeFirstOrThrow();
		const answers = await three([w.teacherA.actor, w.teacherA.actor, w.teacherA.actor], {
			confirm: {
				lineId: lines[0].id,
				input: { outcome: 'short', quantityReceived: 7, reasonCode: 'missing_in_box', note: '' }
			}
		});

		expect(answers.filter((a) => a.ok)).toHaveLength(1);
		expect(answers.filter((a) => !a.ok)).toEqual([
			{ ok: false, error: 'Conflict' },
			{ ok: false, error: 'Conflict' }
		]);
		const received = await getDb()
			.selectFrom('requestLine')
			.select('quantityReceived')
			.where('id', '=', requestLineIds[0])
			.executeTakeFirstOrThrow();
		expect(received.quantityReceived).toBe(7);
		const line = await getDb()
			.selectFrom('shipmentLine')
			.select(['receipt', 'quantityReceived', 'discrepancy'])
			.where('id', '=', lines[0].id)
			.executeTakeFirstOrThrow();
		expect(line).toEqual({ receipt: 'short', quantityReceived: 7, discrepancy: 'open' });
		expect(await auditRows(shipmentId, 'receipt.short')).toHaveLength(1);
		const told = await getDb()
			.selectFrom('notification')
			.select(['userId', 'kind'])
			.where('id', '>', Number(quiet.id ?? 0))
			.where('kind', '=', 'receipt_problem')
			.execute();
		expect(told).toEqual([{ userId: w.coordinator.id, kind: 'receipt_problem' }]);
		expect(await auditRows(shipmentId, 'receive')).toHaveLength(0);
	}, 60_000);

	it('confirms different lines of one shipment at once: all stored, the shipment received once', async () => {
		const w = await makeShippingWorld();
		const { shipmentId, lines, requestLineIds } = await shipped(w, [
			w.book,
			w.ball,
			await makeItem('Atlas')
		]);
		const start = new SharedArrayBuffer(4);
		const workers = lines.map((line) =>
			runWorker<Answer[]>(entry, db.file, start, {
				actor: w.teacherA.actor,
				confirm: { lineId: line.id, input: { outcome: 'received' } },
				attempts: 1
			})
		);
		const answers = (await race(workers, start)).flat();

		expect(answers).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
		const stored = await getDb()
			.selectFrom('shipmentLine')
			.select('receipt')
			.where('shipmentId', '=', shipmentId)
			.execute();
		expect(stored.map((l) => l.receipt)).toEqual(['received', 'received', 'received']);
		const counted = await getDb()
			.selectFrom('requestLine')
			.select('quantityReceived')
			.where('id', 'in', requestLineIds)
			.execute();
		expect(counted.map((l) => l.quantityReceived)).toEqual([10, 10, 10]);
		const shipment = await getDb()
			.selectFrom('shipment')
			.select('status')
			.where('id', '=', shipmentId)
			.executeTakeFirstOrThrow();
		expect(shipment.status).toBe('received');
		expect(await auditRows(shipmentId, 'receive')).toHaveLength(1);
		expect(await auditRows(shipmentId, 'receipt.received')).toHaveLength(3);
	}, 60_000);
});
