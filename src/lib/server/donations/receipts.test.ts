import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../errors';
import { createTestDb } from '../testing/db';
import { makeApprovedRequest } from '../testing/donations';
import {
	allocateStock,
	fileOf,
	makeImage,
	makePledge,
	makeShippingWorld
} from '../testing/shipping';
import * as uploads from '../uploads/uploads';
import * as receipts from './receipts';
import * as shipments from './shipments';

let dir: string;
let w: Awaited<ReturnType<typeof makeShippingWorld>>;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-receipts-'));
	process.env.UPLOADS_DIR = dir;
	await createTestDb();
	w = await makeShippingWorld();
});
afterEach(() => {
	fs.rmSync(dir, { recursive: true, force: true });
	delete process.env.UPLOADS_DIR;
});

const header = { carrier: 'SF Express', reference: 'SF1', dispatchedOn: shipments.today() };
const db = () => getDb();

/** A request with a book line (stock, 10) and a ball line (pledged by the sponsor, 5), both shipped. */
async function shipped() {
	const req = await makeApprovedRequest({
		teacher: w.teacherA,
		lines: [
			{ catalogItemId: w.book, approved: 10 },
			{ catalogItemId: w.ball, approved: 5 }
		]
	});
	await allocateStock(req.lineIds[0], w.book, 10, w.coordinator.id);
	const pledgeId = await makePledge(req.lineIds[1], w.sponsor.organisationId!, w.sponsor.id, 5);
	const stock = await shipments.create(w.coordinator.actor, {
		...header,
		schoolId: w.schoolA.id,
		source: 'stock',
		stockLines: [{ requestLineId: req.lineIds[0], quantity: 10 }]
	});
	const direct = await shipments.create(w.coordinator.actor, {
		...header,
		schoolId: w.schoolA.id,
		source: 'sponsor',
		organisationId: w.sponsor.organisationId,
		pledgeLines: [{ pledgeId }]
	});
	const lineOf = async (shipmentId: number) =>
		(
			await db()
				.selectFrom('shipmentLine')
				.select('id')
				.where('shipmentId', '=', shipmentId)
				.executeTakeFirstOrThrow()
		).id;
	await db().deleteFrom('notification').execute();
	return {
		req,
		pledgeId,
		stock,
		direct,
		stockLine: await lineOf(stock.id),
		pledgeLine: await lineOf(direct.id)
	};
}

async function requestLine(id: number) {
	return db().selectFrom('requestLine').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}
async function status(table: 'shipment' | 'pledge' | 'supplyRequest', id: number) {
	return (
		await db().selectFrom(table).select('status').where('id', '=', id).executeTakeFirstOrThrow()
	).status;
}
async function kinds() {
	return (
		await db().selectFrom('notification').select(['userId', 'kind']).orderBy('id').execute()
	).map((n) => `${n.kind}:${n.userId}`);
}

describe('confirming receipt', () => {
	it('received in full: quantities, shipment received, pledge delivered, request delivered', async () => {
		const s = await shipped();
		await receipts.confirmLine(w.teacherA.actor, s.stockLine, { outcome: 'received' });
		expect(await status('shipment', s.stock.id)).toBe('received');
		expect((await requestLine(s.req.lineIds[0])).quantityReceived).toBe(10);
		expect(await status('supplyRequest', s.req.requestId)).toBe('fulfilling');

		await receipts.confirmLine(w.teacherA.actor, s.pledgeLine, { outcome: 'received' });
		expect(await status('pledge', s.pledgeId)).toBe('delivered');
		expect(await status('supplyRequest', s.req.requestId)).toBe('delivered');
		expect(await kinds()).toEqual([`pledge_delivered:${w.sponsor.id}`]);
		// Twice is refused.
		await expect(
			receipts.confirmLine(w.teacherA.actor, s.pledgeLine, { outcome: 'received' })
		).rejects.toBeInstanceOf(Conflict);
	});

	it('damaged with a photo opens a discrepancy and tells coordinators and the giving sponsor', async () => {
		const s = await shipped();
		const png = await makeImage('png');
		await receipts.confirmLine(
			w.teacherA.actor,
			s.pledgeLine,
			{
				outcome: 'damaged',
				quantityReceived: 3,
				reasonCode: 'broken_in_transit',
				note: 'Two burst'
			},
			[fileOf(png, 'box.png', 'image/png')]
		);
		const line = await db()
			.selectFrom('shipmentLine')
			.selectAll()
			.where('id', '=', s.pledgeLine)
			.executeTakeFirstOrThrow();
		expect([line.receipt, line.quantityReceived, line.discrepancy, line.reasonCode]).toEqual([
			'damaged',
			3,
			'open',
			'broken_in_transit'
		]);
		expect((await requestLine(s.req.lineIds[1])).quantityReceived).toBe(3);
		expect(await status('pledge', s.pledgeId)).toBe('shipped');
		expect(await kinds()).toEqual([
			`receipt_problem:${w.coordinator.id}`,
			`pledge_discrepancy:${w.sponsor.id}`
		]);
		const view = await shipments.get(w.sponsor.actor, s.direct.id);
		expect(view.lines[0].photoIds).toHaveLength(1);
		// The giving sponsor sees the photo; another school's teacher doesn't.
		expect((await uploads.get(w.sponsor.actor, view.lines[0].photoIds[0])).mime).toBe('image/png');
		await expect(uploads.get(w.teacherB.actor, view.lines[0].photoIds[0])).rejects.toBeInstanceOf(
			NotFound
		);
		await expect(
			uploads.get(w.otherSponsor.actor, view.lines[0].photoIds[0])
		).rejects.toBeInstanceOf(NotFound);
		expect((await shipments.list(w.coordinator.actor, { filter: 'discrepancies' })).total).toBe(1);
	});

	it("each audience gets its own shipment view: the sponsor's has no staff or teacher names, the school's no sponsor per line", async () => {
		const s = await shipped();
		await receipts.confirmLine(w.teacherA.actor, s.pledgeLine, {
			outcome: 'damaged',
			quantityReceived: 3,
			reasonCode: 'broken_in_transit',
			note: 'Two balls burst'
		});
		const sponsor = await shipments.get(w.sponsor.actor, s.direct.id);
		expect(sponsor.audience).toBe('sponsor');
		expect(sponsor.lines[0]).toMatchObject({ receipt: 'damaged', quantityReceived: 3 });
		const seen = JSON.stringify(sponsor);
		for (const name of [w.teacherA.displayName, w.coordinator.displayName])
			expect(seen).not.toContain(name);
		for (const key of ['createdByName', 'confirmedByName', 'actorName', 'organisationIds'])
			expect(seen).not.toContain(`"${key}":`);
		const school = await shipments.get(w.teacherA.actor, s.direct.id);
		expect(school.audience).toBe('school');
		expect(JSON.stringify(school)).not.toContain('"pledgeOrganisationName":');
		expect(school.lines[0]).toMatchObject({ confirmedByName: w.teacherA.displayName });
		const staff = await shipments.get(w.coordinator.actor, s.direct.id);
		expect(staff.audience).toBe('coordinator');
		expect(staff.shipment).toMatchObject({ createdByName: w.coordinator.displayName });
	});

	it('short and wrong item record what arrived', async () => {
		const s = await shipped();
		await receipts.confirmLine(w.teacherA.actor, s.stockLine, {
			outcome: 'short',
			quantityReceived: 8,
			reasonCode: 'missing_in_box'
		});
		expect((await requestLine(s.req.lineIds[0])).quantityReceived).toBe(8);
		await receipts.confirmLine(w.teacherA.actor, s.pledgeLine, {
			outcome: 'wrong_item',
			reasonCode: 'wrong_item_sent',
			note: 'Basketballs came'
		});
		expect((await requestLine(s.req.lineIds[1])).quantityReceived).toBe(0);
		expect(await status('shipment', s.direct.id)).toBe('received');
	});

	it('refuses bad input at its field and stores no photo', async () => {
		const s = await shipped();
		const png = await makeImage('png');
		const photo = [fileOf(png, 'a.png', 'image/png')];
		const cases: [receipts.ConfirmInput, string][] = [
			[
				{ outcome: 'short', quantityReceived: 10, reasonCode: 'missing_in_box' },
				'quantityReceived'
			],
			[
				{ outcome: 'short', quantityReceived: -1, reasonCode: 'missing_in_box' },
				'quantityReceived'
			],
			[
				{ outcome: 'short', quantityReceived: 1.5, reasonCode: 'missing_in_box' },
				'quantityReceived'
			],
			[
				{ outcome: 'damaged', quantityReceived: null, reasonCode: 'water_damage' },
				'quantityReceived'
			],
			[{ outcome: 'short', quantityReceived: 2, reasonCode: '' }, 'reasonCode'],
			[{ outcome: 'short', quantityReceived: 2, reasonCode: 'because' }, 'reasonCode'],
			[{ outcome: 'lost' as never }, 'outcome'],
			[{ outcome: 'received', note: 'x'.repeat(1001) }, 'note'],
			[{ outcome: 'received', note: '<script>' }, 'note']
		];
		for (const [input, field] of cases) {
			await expect(
				receipts.confirmLine(w.teacherA.actor, s.stockLine, input, photo)
			).rejects.toMatchObject({ field });
		}
		await expect(
			receipts.confirmLine(w.teacherA.actor, s.stockLine, { outcome: 'received' }, [
				fileOf('MZ this is not an image', 'a.jpg', 'image/jpeg')
			])
		).rejects.toMatchObject({ field: 'photos' });
		expect(await db().selectFrom('upload').select('id').execute()).toEqual([]);
		expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
		const line = await db()
			.selectFrom('shipmentLine')
			.select('receipt')
			.where('id', '=', s.stockLine)
			.executeTakeFirstOrThrow();
		expect(line.receipt).toBe('pending');
	});

	it("a teacher of school B can't see or confirm school A's shipment; sponsors and coordinators can't confirm", async () => {
		const s = await shipped();
		await expect(
			receipts.confirmLine(w.teacherB.actor, s.stockLine, { outcome: 'received' })
		).rejects.toBeInstanceOf(NotFound);
		await expect(shipments.get(w.teacherB.actor, s.stock.id)).rejects.toBeInstanceOf(NotFound);
		await expect(
			receipts.confirmLine(w.otherSponsor.actor, s.pledgeLine, { outcome: 'received' })
		).rejects.toBeInstanceOf(NotFound);
		await expect(
			receipts.confirmLine(w.sponsor.actor, s.pledgeLine, { outcome: 'received' })
		).rejects.toBeInstanceOf(Forbidden);
		await expect(
			receipts.confirmLine(w.coordinator.actor, s.pledgeLine, { outcome: 'received' })
		).rejects.toBeInstanceOf(Forbidden);
		await expect(
			receipts.confirmLine(w.teacherA.actor, 999_999, { outcome: 'received' })
		).rejects.toBeInstanceOf(NotFound);
	});
});

describe('resolving a discrepancy', () => {
	async function damaged() {
		const s = await shipped();
		await receipts.confirmLine(w.teacherA.actor, s.pledgeLine, {
			outcome: 'damaged',
			quantityReceived: 3,
			reasonCode: 'broken_in_transit'
		});
		await receipts.confirmLine(w.teacherA.actor, s.stockLine, {
			outcome: 'short',
			quantityReceived: 7,
			reasonCode: 'missing_in_box'
		});
		await db().deleteFrom('notification').execute();
		return s;
	}

	it('re-ship sends the missing units on a follow-up shipment; receiving it delivers the pledge', async () => {
		const s = await damaged();
		const { followUp } = await receipts.resolve(w.coordinator.actor, s.pledgeLine, {
			resolution: 'reship',
			note: 'Sponsor sends two more',
			carrier: 'EMS'
		});
		expect(followUp!.number).toMatch(/0003$/);
		const line = await db()
			.selectFrom('shipmentLine')
			.selectAll()
			.where('shipmentId', '=', followUp!.id)
			.executeTakeFirstOrThrow();
		expect([line.quantity, line.pledgeId, line.replacesShipmentLineId]).toEqual([
			2,
			s.pledgeId,
			s.pledgeLine
		]);
		expect(await kinds()).toEqual([
			`shipment_dispatched:${w.teacherA.id}`,
			`discrepancy_resolved:${w.sponsor.id}`
		]);
		// The sponsor sees the outcome.
		const view = await shipments.get(w.sponsor.actor, s.direct.id);
		expect([
			view.lines[0].discrepancy,
			view.lines[0].resolution,
			view.lines[0].resolutionNote
		]).toEqual(['resolved', 'reship', 'Sponsor sends two more']);
		expect(view.lines[0].followUps.map((f) => f.number)).toEqual([followUp!.number]);
		const outcome = await shipments.forPledges(w.sponsor.actor, [s.pledgeId]);
		expect(outcome.map((o) => o.resolution)).toEqual(['reship', null]);
		expect(await shipments.forPledges(w.otherSponsor.actor, [s.pledgeId])).toEqual([]);

		await receipts.confirmLine(w.teacherA.actor, line.id, { outcome: 'received' });
		expect(await status('pledge', s.pledgeId)).toBe('delivered');
		expect((await requestLine(s.req.lineIds[1])).quantityReceived).toBe(5);
		await expect(
			receipts.resolve(w.coordinator.actor, s.pledgeLine, { resolution: 'reship', note: 'again' })
		).rejects.toBeInstanceOf(Conflict);
	});

	it('re-ship from the storeroom needs stock on hand, and takes it from the ledger', async () => {
		const s = await damaged();
		await expect(
			receipts.resolve(w.coordinator.actor, s.stockLine, { resolution: 'reship', note: 'again' })
		).rejects.toBeInstanceOf(Conflict);
		expect((await shipments.list(w.coordinator.actor, { filter: 'discrepancies' })).total).toBe(2);
		await db()
			.updateTable('stockLevel')
			.set((eb) => ({ onHand: eb('onHand', '+', 5) }))
			.where('catalogItemId', '=', w.book)
			.execute();
		const { followUp } = await receipts.resolve(w.coordinator.actor, s.stockLine, {
			resolution: 'reship',
			note: 'Three more from the shelf'
		});
		const level = await db()
			.selectFrom('stockLevel')
			.selectAll()
			.where('catalogItemId', '=', w.book)
			.executeTakeFirstOrThrow();
		expect([level.onHand, level.allocated]).toEqual([2, 0]);
		const moves = await db()
			.selectFrom('stockMovement')
			.select(['kind', 'quantity', 'shipmentId'])
			.where('requestLineId', '=', s.req.lineIds[0])
			.orderBy('id')
			.execute();
		expect(moves.map((mv) => `${mv.kind}:${mv.quantity}`)).toEqual([
			'allocated:10',
			'shipped:-10',
			'allocated:3',
			'shipped:-3'
		]);
		expect(moves[3].shipmentId).toBe(followUp!.id);
		// The line's cover didn't change: nothing reopened, nothing double-counted.
		const line = await requestLine(s.req.lineIds[0]);
		expect([line.quantityAllocated, line.quantityShipped]).toEqual([10, 10]);
	});

	it('replace sends another item, shown with the original it replaces', async () => {
		const s = await damaged();
		const other = await db()
			.insertInto('catalogItem')
			.values({
				nameZh: 'Basketball',
				nameEn: 'Basketball',
				category: 'sports',
				unit: 'piece',
				ageBand: 'all',
				unitValueFen: 5000,
				createdAt: Date.now()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await expect(
			receipts.resolve(w.coordinator.actor, s.pledgeLine, { resolution: 'replace', note: 'x' })
		).rejects.toMatchObject({ field: 'catalogItemId' });
		await expect(
			receipts.resolve(w.coordinator.actor, s.pledgeLine, {
				resolution: 'replace',
				note: 'x',
				catalogItemId: w.ball
			})
		).rejects.toMatchObject({ field: 'catalogItemId' });
		const { followUp } = await receipts.resolve(w.coordinator.actor, s.pledgeLine, {
			resolution: 'replace',
			note: 'Footballs are out of stock',
			catalogItemId: other.id
		});
		const view = await shipments.get(w.teacherA.actor, followUp!.id);
		expect([
			view.lines[0].itemName,
			view.lines[0].replacesItemName,
			view.lines[0].quantity
		]).toEqual(['Basketball', 'Football', 2]);
	});

	it('return to need reopens the quantity: a pledge shrinks, stock allocation shrinks', async () => {
		const s = await damaged();
		await receipts.resolve(w.coordinator.actor, s.pledgeLine, {
			resolution: 'return_to_need',
			note: 'Ask another sponsor'
		});
		const ballLine = await requestLine(s.req.lineIds[1]);
		expect([ballLine.quantityPledged, ballLine.quantityShipped, ballLine.quantityReceived]).toEqual(
			[3, 3, 3]
		);
		const pledge = await db()
			.selectFrom('pledge')
			.selectAll()
			.where('id', '=', s.pledgeId)
			.executeTakeFirstOrThrow();
		expect([pledge.quantity, pledge.status]).toEqual([3, 'delivered']);

		await receipts.resolve(w.coordinator.actor, s.stockLine, {
			resolution: 'return_to_need',
			note: 'Lost'
		});
		const bookLine = await requestLine(s.req.lineIds[0]);
		expect([
			bookLine.quantityAllocated,
			bookLine.quantityShipped,
			bookLine.quantityReceived
		]).toEqual([7, 7, 7]);
		// Nothing allocated is left unsent, and 3 of the line are open again for pledges or stock.
		const c = await shipments.candidates(w.coordinator.actor, w.schoolA.id);
		expect(c.stock).toEqual([]);
		expect(
			(bookLine.quantityApproved ?? 0) - bookLine.quantityPledged - bookLine.quantityAllocated
		).toBe(3);
		expect((await shipments.list(w.coordinator.actor, { filter: 'discrepancies' })).total).toBe(0);
	});

	it('only a coordinator resolves, with a note; others get NotFound or Forbidden', async () => {
		const s = await damaged();
		await expect(
			receipts.resolve(w.coordinator.actor, s.pledgeLine, { resolution: 'reship', note: '  ' })
		).rejects.toMatchObject({ field: 'resolutionNote' });
		await expect(
			receipts.resolve(w.coordinator.actor, s.pledgeLine, {
				resolution: 'burn' as never,
				note: 'x'
			})
		).rejects.toBeInstanceOf(RuleViolation);
		await expect(
			receipts.resolve(w.teacherA.actor, s.pledgeLine, { resolution: 'reship', note: 'x' })
		).rejects.toBeInstanceOf(Forbidden);
		await expect(
			receipts.resolve(w.sponsor.actor, s.pledgeLine, { resolution: 'reship', note: 'x' })
		).rejects.toBeInstanceOf(Forbidden);
		await expect(
			receipts.resolve(w.teacherB.actor, s.pledgeLine, { resolution: 'reship', note: 'x' })
		).rejects.toBeInstanceOf(NotFound);
		await expect(
			receipts.resolve(w.coordinator.actor, s.pledgeLine, {
				resolution: 'reship',
				note: 'x',
				dispatchedOn: '2026-13-01'
			})
		).rejects.toMatchObject({ field: 'dispatchedOn' });
	});
});
