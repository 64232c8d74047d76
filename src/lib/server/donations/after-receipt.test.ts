import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { createTestDb } from '../testing/db';
import { makeApprovedRequest } from '../testing/donations';
import { makeUser } from '../testing/factories';
import { makePledge, makeShippingWorld } from '../testing/shipping';
import { afterReceipt, type ShipmentOf, type ShipmentStep, type Tell } from './after-receipt';
import * as shipments from './shipments';

let w: Awaited<ReturnType<typeof makeShippingWorld>>;
let shipment: { id: number; number: string };
let pledgeId: number;

beforeEach(async () => {
	await createTestDb();
	w = await makeShippingWorld();
	const req = await makeApprovedRequest({
		teacher: w.teacherA,
		lines: [{ catalogItemId: w.ball, approved: 5 }]
	});
	pledgeId = await makePledge(req.lineIds[0], w.sponsor.organisationId!, w.sponsor.id, 5);
	shipment = await shipments.create(w.coordinator.actor, {
		carrier: 'SF Express',
		reference: 'SF1',
		dispatchedOn: shipments.today(),
		schoolId: w.schoolA.id,
		source: 'sponsor',
		organisationId: w.sponsor.organisationId,
		pledgeLines: [{ pledgeId }]
	});
	await getDb().deleteFrom('notification').execute();
	await getDb().deleteFrom('auditLog').execute();
});

const step: ShipmentStep = {
	action: 'receipt.short',
	from: 'pending',
	to: 'short',
	reason: 'Football · 3/5'
};

async function run(of: Partial<ShipmentOf>, tell: Tell) {
	await getDb()
		.transaction()
		.execute((trx) =>
			afterReceipt(
				trx,
				w.coordinator.actor,
				{ shipmentId: shipment.id, number: shipment.number, ...of },
				step,
				tell
			)
		);
}

const told = () =>
	getDb()
		.selectFrom('notification')
		.select(['userId', 'kind', 'subject', 'subjectId', 'params'])
		.orderBy('id')
		.execute();

describe('afterReceipt', () => {
	it('records the step on the shipment’s timeline, by the actor, from → to, with its reason', async () => {
		await run({}, {});
		const rows = await getDb()
			.selectFrom('auditLog')
			.select(['actorId', 'subject', 'subjectId', 'action', 'fromState', 'toState', 'reason'])
			.execute();
		expect(rows).toEqual([
			{
				actorId: w.coordinator.id,
				subject: 'shipment',
				subjectId: shipment.id,
				action: 'receipt.short',
				fromState: 'pending',
				toState: 'short',
				reason: 'Football · 3/5'
			}
		]);
		expect(await told()).toEqual([]);
	});

	it('tells every coordinator and the sponsor whose pledge the line carried, naming the item', async () => {
		const second = await makeUser('coordinator');
		await run(
			{ itemZh: '足球', itemEn: 'Football', pledgeId },
			{ coordinators: 'receipt_problem', sponsor: 'pledge_discrepancy' }
		);
		const params = JSON.stringify({ number: shipment.number, itemZh: '足球', itemEn: 'Football' });
		const about = { subject: 'shipment', subjectId: shipment.id, params };
		expect(await told()).toEqual([
			{ userId: w.coordinator.id, kind: 'receipt_problem', ...about },
			{ userId: second.id, kind: 'receipt_problem', ...about },
			{ userId: w.sponsor.id, kind: 'pledge_discrepancy', ...about }
		]);
	});

	it('tells no sponsor of a line from stock, nor another sponsor', async () => {
		await run(
			{ itemZh: '绘本', itemEn: 'Picture book', pledgeId: null },
			{ sponsor: 'discrepancy_resolved' }
		);
		expect(await told()).toEqual([]);
		await run(
			{ itemZh: '足球', itemEn: 'Football', pledgeId },
			{ sponsor: 'discrepancy_resolved' }
		);
		const users = (await told()).map((n) => n.userId);
		expect(users).toEqual([w.sponsor.id]);
		expect(users).not.toContain(w.otherSponsor.id);
	});

	it('tells the receiving school’s teachers only, naming the shipment', async () => {
		await run({ schoolId: w.schoolA.id }, { teachers: 'shipment_dispatched' });
		expect(await told()).toEqual([
			{
				userId: w.teacherA.id,
				kind: 'shipment_dispatched',
				subject: 'shipment',
				subjectId: shipment.id,
				params: JSON.stringify({ number: shipment.number })
			}
		]);
	});

	it('tells nobody a notification is not named for', async () => {
		await run(
			{ itemZh: '足球', itemEn: 'Football', pledgeId, schoolId: w.schoolA.id },
			{ coordinators: null }
		);
		expect(await told()).toEqual([]);
		const audited = await getDb().selectFrom('auditLog').select('action').execute();
		expect(audited).toEqual([{ action: 'receipt.short' }]);
	});
});
