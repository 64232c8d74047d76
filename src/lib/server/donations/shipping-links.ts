import type { Transaction } from 'kysely';
import { m } from '$lib/paraglide/messages.js';
import type { Database } from '../db/schema';
import { Conflict } from '../errors';
import * as pledges from './pledges';

/**
 * Where shipments and receipts reach into requests, pledges and stock: one seam, so each of those
 * modules keeps its own rules. All run inside the caller's transaction.
 */
type Trx = Transaction<Database>;

export const markShipped = (trx: Trx, pledgeId: number, actorId: number | null) =>
	pledges.markShipped(trx, pledgeId, actorId);

export const markDelivered = (trx: Trx, pledgeId: number, actorId: number | null) =>
	pledges.markDelivered(trx, pledgeId, actorId);

export const markFulfilling = (trx: Trx, requestId: number, actorId: number | null) =>
	pledges.markFulfilling(trx, requestId, actorId);

/** A request whose approved lines have all been received is delivered. */
export async function recomputeDelivery(
	trx: Trx,
	requestId: number,
	actorId: number | null
): Promise<void> {
	const lines = await trx
		.selectFrom('requestLine')
		.select(['quantityApproved', 'quantityReceived'])
		.where('requestId', '=', requestId)
		.execute();
	const wanted = lines.filter((l) => (l.quantityApproved ?? 0) > 0);
	const done = wanted.length > 0 && wanted.every((l) => l.quantityReceived >= l.quantityApproved!);
	if (!done) return;
	const moved = await trx
		.updateTable('supplyRequest')
		.set({ status: 'delivered', deliveredAt: Date.now(), updatedAt: Date.now() })
		.where('id', '=', requestId)
		.where('status', 'in', ['approved', 'partially_approved', 'fulfilling'])
		.executeTakeFirst();
	if (Number(moved.numUpdatedRows) > 0) {
		await trx
			.insertInto('auditLog')
			.values({
				actorId,
				subject: 'request',
				subjectId: requestId,
				action: 'delivered',
				fromState: 'fulfilling',
				toState: 'delivered',
				reason: null,
				at: Date.now()
			})
			.execute();
	}
}

/** Stock that leaves the storeroom with a shipment: on hand and allocated both fall. */
export async function shipFromStock(
	trx: Trx,
	input: {
		itemId: number;
		requestLineId: number;
		quantity: number;
		shipmentId: number;
		actorId: number;
	}
): Promise<void> {
	const level = await trx
		.updateTable('stockLevel')
		.set((eb) => ({
			onHand: eb('onHand', '-', input.quantity),
			allocated: eb('allocated', '-', input.quantity)
		}))
		.where('catalogItemId', '=', input.itemId)
		.where('allocated', '>=', input.quantity)
		.where('onHand', '>=', input.quantity)
		.executeTakeFirst();
	if (Number(level.numUpdatedRows) === 0) throw new Conflict(m.ship_not_enough_stock());
	await trx
		.insertInto('stockMovement')
		.values({
			catalogItemId: input.itemId,
			kind: 'shipped',
			quantity: -input.quantity,
			organisationId: null,
			requestLineId: input.requestLineId,
			shipmentId: input.shipmentId,
			reason: '',
			createdBy: input.actorId,
			createdAt: Date.now()
		})
		.execute();
}
