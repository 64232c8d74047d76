import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema';
import { greatest } from '../db/dialect';
import { requestLifecycle } from './lifecycles';

type Trx = Transaction<Database>;

/**
 * Covers part of an approved line's open need — by a sponsor's pledge or by storeroom stock —
 * in one conditional update, so two covers at the same moment can never exceed what was approved
 * (the database settles the race; a CHECK backs it). Returns the quantity still open when refused.
 */
export async function coverNeed(
	trx: Trx,
	lineId: number,
	kind: 'pledged' | 'allocated',
	quantity: number
): Promise<{ ok: true } | { ok: false; open: number }> {
	const covered = await trx
		.updateTable('requestLine')
		.set((eb) =>
			kind === 'pledged'
				? { quantityPledged: eb('quantityPledged', '+', quantity) }
				: { quantityAllocated: eb('quantityAllocated', '+', quantity) }
		)
		.where('id', '=', lineId)
		.where(sql<boolean>`quantity_pledged + quantity_allocated + ${quantity} <= quantity_approved`)
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('supplyRequest')
					.select('supplyRequest.id')
					.whereRef('supplyRequest.id', '=', 'requestLine.requestId')
					.where('supplyRequest.status', 'in', requestLifecycle.cover.from)
			)
		)
		.executeTakeFirst();
	if (Number(covered.numUpdatedRows) > 0) return { ok: true };
	return { ok: false, open: await openOf(trx, lineId) };
}

/** The quantity of a line still open (approved, less what is pledged or allocated). */
export async function openOf(trx: Trx, lineId: number): Promise<number> {
	const row = await trx
		.selectFrom('requestLine')
		.select(
			greatest<number>(
				sql.lit(0),
				sql`coalesce(quantity_approved, 0) - quantity_pledged - quantity_allocated`
			).as('open')
		)
		.where('id', '=', lineId)
		.executeTakeFirst();
	return Number(row?.open ?? 0);
}
