import sharp from 'sharp';
import { sql } from 'kysely';
import type { Actor } from '../access/policy';
import { getDb } from '../db';
import * as pledges from '../donations/pledges';
import * as receipts from '../donations/receipts';
import * as requests from '../donations/requests';
import * as shipments from '../donations/shipments';
import { demoActors, type DemoWorld } from './seed';
import { isIn, requestLifecycle } from '../donations/lifecycles';

/** A drawing of a parcel with a torn corner: a demo receipt photo. */
async function parcelPhoto(): Promise<File> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
		<rect width="640" height="480" fill="#efe9dc"/>
		<rect x="150" y="140" width="340" height="220" fill="#c89b62"/>
		<path d="M150 140 L320 100 L490 140 L320 180 Z" fill="#d8ae78"/>
		<path d="M420 360 L490 290 L490 360 Z" fill="#efe9dc"/>
		<path d="M300 180 V360" stroke="#8a6a3f" stroke-width="14"/>
	</svg>`;
	const data = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
	return new File([new Uint8Array(data)], 'parcel.jpg', { type: 'image/jpeg' });
}

/** Shippable requests of a school, oldest first. */
async function requestsOf(schoolId: number) {
	return getDb()
		.selectFrom('supplyRequest')
		.select('id')
		.where('schoolId', '=', schoolId)
		.where('status', 'in', [...shipments.SHIPPABLE])
		.orderBy('id')
		.execute()
		.then((rows) => rows.map((r) => r.id));
}

/**
 * Shipments for the demo, made through the services on what the request and supply seeds left:
 * two received at 泉脑子村小学 (their requests delivered, one then closed), one there with an open
 * discrepancy (a damaged line, with a photo), and one on its way to 希望小学 awaiting receipt.
 * Skips quietly what the earlier seeds didn't provide.
 */
export async function seedShipments(world: DemoWorld): Promise<void> {
	const { coordinator, sponsor } = demoActors(world);
	const teacher = (id: number, schoolId: number): Actor => ({
		id,
		role: 'teacher',
		schoolId,
		organisationId: null
	});
	const villageTeacher = teacher(world.users.teacher2, world.schools.quannaozi);
	const carriers = ['中国邮政 China Post', '顺丰速运 SF Express', '县教育局车辆 County bureau van'];
	let shipmentNo = 0;

	/** The sponsor covers whatever of the request is still open, then everything goes out. */
	async function coverAndShip(schoolId: number, requestId: number): Promise<number[]> {
		const open = await getDb()
			.selectFrom('requestLine')
			.select([
				'id',
				sql<number>`coalesce(quantity_approved, 0) - quantity_pledged - quantity_allocated`.as(
					'open'
				)
			])
			.where('requestId', '=', requestId)
			.execute();
		for (const line of open) {
			if (Number(line.open) > 0)
				await pledges.create(sponsor, { lineId: line.id, quantity: Number(line.open) });
		}
		const options = await shipments.candidates(coordinator, schoolId);
		const sent: number[] = [];
		const header = () => ({
			schoolId,
			carrier: carriers[shipmentNo % carriers.length],
			reference: `DEMO${String(1000 + ++shipmentNo)}`,
			dispatchedOn: shipments.today()
		});
		const stockLines = options.stock
			.filter((l) => l.requestId === requestId)
			.map((l) => ({ requestLineId: l.requestLineId, quantity: l.available }));
		if (stockLines.length > 0) {
			sent.push(
				(await shipments.create(coordinator, { ...header(), source: 'stock', stockLines })).id
			);
		}
		const byOrg = new Map<number, number[]>();
		for (const p of options.pledged.filter((p) => p.requestId === requestId)) {
			byOrg.set(p.organisationId, [...(byOrg.get(p.organisationId) ?? []), p.pledgeId]);
		}
		for (const [organisationId, pledgeIds] of byOrg) {
			const created = await shipments.create(coordinator, {
				...header(),
				source: 'sponsor',
				organisationId,
				pledgeLines: pledgeIds.map((pledgeId) => ({ pledgeId }))
			});
			sent.push(created.id);
		}
		return sent;
	}

	const linesOf = (shipmentId: number) =>
		getDb()
			.selectFrom('shipmentLine')
			.select(['id', 'quantity'])
			.where('shipmentId', '=', shipmentId)
			.orderBy('id')
			.execute();

	const village = await requestsOf(world.schools.quannaozi);
	const [deliveredId, closedId, damagedId] = village;

	// Received in full: the request is delivered (and one of them closed by the coordinator).
	for (const requestId of [deliveredId, closedId].filter((id) => id !== undefined)) {
		for (const shipmentId of await coverAndShip(world.schools.quannaozi, requestId)) {
			for (const line of await linesOf(shipmentId)) {
				await receipts.confirmLine(villageTeacher, line.id, { outcome: 'received' });
			}
		}
	}
	if (closedId !== undefined) {
		const status = await getDb()
			.selectFrom('supplyRequest')
			.select('status')
			.where('id', '=', closedId)
			.executeTakeFirst();
		if (status && isIn(status.status, requestLifecycle.close.from))
			await requests.close(coordinator, closedId, '全部收到，已归档。 All received; filed.');
	}

	// One damaged line, reported with a photo: the discrepancy stays open for the coordinator.
	if (damagedId !== undefined) {
		const sent = await coverAndShip(world.schools.quannaozi, damagedId);
		let reported = false;
		for (const shipmentId of sent) {
			for (const line of await linesOf(shipmentId)) {
				if (!reported && line.quantity > 1) {
					reported = true;
					await receipts.confirmLine(
						villageTeacher,
						line.id,
						{
							outcome: 'damaged',
							quantityReceived: line.quantity - 1,
							reasonCode: 'broken_in_transit',
							note: '纸箱一角压破，其中一件损坏。 One corner of the box was crushed; one item is broken.'
						},
						[await parcelPhoto()]
					);
				} else {
					await receipts.confirmLine(villageTeacher, line.id, { outcome: 'received' });
				}
			}
		}
	}

	// On its way to 希望小学: the demo teacher confirms it line by line.
	const [awaitingId] = await requestsOf(world.schools.hope);
	if (awaitingId !== undefined) await coverAndShip(world.schools.hope, awaitingId);
}
