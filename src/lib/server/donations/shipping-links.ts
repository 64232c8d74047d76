import type { Transaction } from 'kysely';
import { m } from '$lib/paraglide/messages.js';
import type { Database } from '../db/schema';
import { Conflict } from '../errors';
import * as pledges from './pledges';
import * as requests from './requests';
import * as stock from './stock';
import * as time from '../time';

/**
 * Where shipments and receipts reach into requests, pledges and stock: one seam, so each of those
 * modules keeps its own rules. All run inside the caller's transaction.
 */
type Trx = Transaction<Database>;

export const markShipped = (trx: Trx, pledgeId: number, actorId: number) =>
	pledges.markShipped(trx, pledgeId, actorId);

export const markDelivered = (trx: Trx, pledgeId: number, actorId: number) =>
	pledges.markDelivered(trx, pledgeId, actorId);

export const withdrawPledge = (trx: Trx, pledgeId: number, actorId: number, reason: string) =>
	pledges.withdraw(trx, pledgeId, actorId, reason);

export const markFulfilling = (trx: Trx, requestId: number, actorId: number) =>
	requests.markFulfilling(trx, requestId, actorId);

export const recomputeDelivery = (trx: Trx, requestId: number, actorId: number) =>
	requests.recomputeDelivery(trx, requestId, actorId);

export const shipFromStock = (
	trx: Trx,
	input: {
		itemId: number;
		requestLineId: number;
		quantity: number;
		shipmentId: number;
		actorId: number;
	}
) => stock.shipFromStock(trx, input);

/**
 * A follow-up from the storeroom (a re-shipment or a replacement): the line's need is already
 * covered, so the units are set aside from available stock for it, then shipped.
 */
export async function shipAgainFromStock(
	trx: Trx,
	input: {
		itemId: number;
		requestLineId: number;
		quantity: number;
		shipmentId: number;
		actorId: number;
	}
): Promise<void> {
	const claimed = await trx
		.updateTable('stockLevel')
		.set((eb) => ({ allocated: eb('allocated', '+', input.quantity) }))
		.where('catalogItemId', '=', input.itemId)
		.where((eb) => eb(eb('onHand', '-', eb.ref('allocated')), '>=', input.quantity))
		.executeTakeFirst();
	if (Number(claimed.numUpdatedRows) === 0) throw new Conflict(m.ship_not_enough_stock());
	await trx
		.insertInto('stockMovement')
		.values({
			catalogItemId: input.itemId,
			kind: 'allocated',
			quantity: input.quantity,
			organisationId: null,
			requestLineId: input.requestLineId,
			shipmentId: null,
			reason: '',
			createdBy: input.actorId,
			createdAt: time.now()
		})
		.execute();
	await stock.shipFromStock(trx, input);
}
