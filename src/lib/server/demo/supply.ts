import { sql } from 'kysely';
import { getDb } from '../db';
import * as pledges from '../donations/pledges';
import * as stock from '../donations/stock';
import { demoActors, type DemoWorld } from './seed';

/**
 * Pledges and the storeroom for the demo, made through the services on the approved requests the
 * requests seed left: the demo sponsor covers some lines (one pledge cancelled again), Genertec's
 * subsidiaries deliver goods to the storeroom, some of it is allocated to needs, and some is left on
 * the shelf where it could fill an open need.
 */
export async function seedSupply(world: DemoWorld): Promise<void> {
	const { coordinator, sponsor } = demoActors(world);
	const openLines = () =>
		getDb()
			.selectFrom('requestLine')
			.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
			.select([
				'requestLine.id',
				'requestLine.catalogItemId',
				sql<number>`request_line.quantity_approved - request_line.quantity_pledged - request_line.quantity_allocated`.as(
					'open'
				)
			])
			.where('supplyRequest.status', 'in', pledges.PLEDGEABLE)
			.where(
				sql<boolean>`request_line.quantity_approved - request_line.quantity_pledged - request_line.quantity_allocated > 0`
			)
			.orderBy('requestLine.requestId')
			.orderBy('requestLine.position')
			.execute();

	// The demo sponsor pledges: all of the first line, part of a large one, and one pledge withdrawn.
	const lines = await openLines();
	if (lines.length === 0) return;
	const pledged = new Set<number>();
	const pledge = async (line: (typeof lines)[number], quantity: number, note = '') => {
		pledged.add(line.id);
		return pledges.create(sponsor, { lineId: line.id, quantity, note });
	};
	await pledge(lines[0], lines[0].open, '春节前送到。 Delivered before Spring Festival.');
	const large = lines.find((l) => !pledged.has(l.id) && l.open >= 20);
	if (large) await pledge(large, Math.floor(large.open / 2));
	const withdrawn = lines.find((l) => !pledged.has(l.id) && l.open >= 10);
	if (withdrawn) {
		const id = await pledge(withdrawn, 5);
		await pledges.cancel(sponsor, id, '改为从库存调拨。 To be covered from stock instead.');
	}

	// The storeroom: goods from the subsidiaries for items schools need.
	const givers = [
		world.organisations.technology,
		world.organisations.trade,
		world.organisations.consulting
	];
	const needed = (await openLines()).filter((l) => l.catalogItemId !== null && !pledged.has(l.id));
	const items = [...new Map(needed.map((l) => [l.catalogItemId!, l])).values()].slice(0, 5);
	for (const [i, line] of items.entries()) {
		await stock.receive(coordinator, {
			itemId: line.catalogItemId!,
			quantity: line.open + 3,
			organisationId: givers[i % givers.length],
			note: '集团年度捐赠 Annual group donation'
		});
	}
	// Allocate to the first two needs (one in full, one in part); the rest stays on the shelf.
	if (items[0])
		await stock.allocate(coordinator, {
			itemId: items[0].catalogItemId!,
			requestLineId: items[0].id,
			quantity: items[0].open
		});
	if (items[1] && items[1].open > 1)
		await stock.allocate(coordinator, {
			itemId: items[1].catalogItemId!,
			requestLineId: items[1].id,
			quantity: Math.ceil(items[1].open / 2)
		});
	if (items[2])
		await stock.adjust(coordinator, {
			itemId: items[2].catalogItemId!,
			delta: -1,
			reason: '运输中包装破损一件。 One damaged in transit.'
		});

	// Stock nobody has asked for yet.
	const spare = await getDb()
		.selectFrom('catalogItem')
		.select('id')
		.where('active', '=', 1)
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('stockLevel')
						.select('catalogItemId')
						.whereRef('stockLevel.catalogItemId', '=', 'catalogItem.id')
				)
			)
		)
		.orderBy('id')
		.limit(1)
		.executeTakeFirst();
	if (spare)
		await stock.receive(coordinator, {
			itemId: spare.id,
			quantity: 12,
			organisationId: world.organisations.genertec,
			note: ''
		});
}
