import sharp from 'sharp';
import { getDb } from '../db';
import { makeSchool, makeUser } from './factories';
import * as time from '../time';
import { pledgeLifecycle } from '../donations/lifecycles';

/**
 * Rows that shipments build on (catalog items, approved requests, pledges, allocated stock),
 * inserted directly so shipment tests don't depend on how those modules get there.
 */
let sequence = 0;

/** A catalog item; a name given is its name in both languages. */
export async function makeItem(name?: string) {
	const n = ++sequence;
	return getDb()
		.insertInto('catalogItem')
		.values({
			nameZh: name ?? `物品 ${n}`,
			nameEn: name ?? `Item ${n}`,
			category: 'book',
			unit: 'piece',
			ageBand: 'all',
			unitValueFen: 1000,
			createdAt: time.now()
		})
		.returning('id')
		.executeTakeFirstOrThrow()
		.then((r) => r.id);
}

export async function makePledge(
	requestLineId: number,
	organisationId: number,
	pledgedBy: number,
	quantity: number
) {
	const db = getDb();
	await db
		.updateTable('requestLine')
		.set((eb) => ({ quantityPledged: eb('quantityPledged', '+', quantity) }))
		.where('id', '=', requestLineId)
		.execute();
	const row = await db
		.insertInto('pledge')
		.values({
			requestLineId,
			organisationId,
			pledgedBy,
			quantity,
			status: pledgeLifecycle.create.to,
			createdAt: time.now(),
			cancelledAt: null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Stock received into the storeroom and allocated to a request line. */
export async function allocateStock(
	requestLineId: number,
	itemId: number,
	quantity: number,
	actorId: number
) {
	const db = getDb();
	const now = time.now();
	const existing = await db
		.selectFrom('stockLevel')
		.select('catalogItemId')
		.where('catalogItemId', '=', itemId)
		.executeTakeFirst();
	if (existing) {
		await db
			.updateTable('stockLevel')
			.set((eb) => ({
				onHand: eb('onHand', '+', quantity),
				allocated: eb('allocated', '+', quantity)
			}))
			.where('catalogItemId', '=', itemId)
			.execute();
	} else {
		await db
			.insertInto('stockLevel')
			.values({ catalogItemId: itemId, onHand: quantity, allocated: quantity })
			.execute();
	}
	for (const kind of ['received', 'allocated'] as const) {
		await db
			.insertInto('stockMovement')
			.values({
				catalogItemId: itemId,
				kind,
				quantity,
				organisationId: null,
				requestLineId: kind === 'allocated' ? requestLineId : null,
				shipmentId: null,
				createdBy: actorId,
				createdAt: now
			})
			.execute();
	}
	await db
		.updateTable('requestLine')
		.set((eb) => ({ quantityAllocated: eb('quantityAllocated', '+', quantity) }))
		.where('id', '=', requestLineId)
		.execute();
}

/** Two schools with a teacher each, two sponsors, a coordinator and a catalog item. */
export async function makeShippingWorld() {
	const schoolA = await makeSchool({ name: 'School A' });
	const schoolB = await makeSchool({ name: 'School B' });
	const coordinator = await makeUser('coordinator');
	const teacherA = await makeUser('teacher', { schoolId: schoolA.id });
	const teacherB = await makeUser('teacher', { schoolId: schoolB.id });
	const sponsor = await makeUser('sponsor');
	const otherSponsor = await makeUser('sponsor');
	const student = await makeUser('student', { schoolId: schoolA.id });
	const judge = await makeUser('judge');
	const book = await makeItem('Picture book');
	const ball = await makeItem('Football');
	return {
		schoolA,
		schoolB,
		coordinator,
		teacherA,
		teacherB,
		sponsor,
		otherSponsor,
		student,
		judge,
		book,
		ball
	};
}

/** A real image made by sharp: a PNG or JPEG of the given size. */
export async function makeImage(
	format: 'png' | 'jpeg' | 'webp',
	width = 40,
	height = 30
): Promise<Buffer> {
	const image = sharp({
		create: { width, height, channels: 3, background: { r: 40, g: 125, b: 80 } }
	});
	return format === 'png'
		? image.png().toBuffer()
		: format === 'jpeg'
			? image.jpeg().toBuffer()
			: image.webp().toBuffer();
}

export function fileOf(data: Buffer | string, name: string, type: string): File {
	const bytes = typeof data === 'string' ? Buffer.from(data) : data;
	return new File([new Uint8Array(bytes)], name, { type });
}
