import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * The sponsor organisations that gave to what a note thanks for: every pledge on the request's
 * lines that wasn't cancelled; for a shipment, its sponsor and every pledge its lines carried (even
 * one withdrawn after a discrepancy: those goods did go out). One rule for
 * notes and their photos alike.
 */
export async function giversOf(
	db: Kysely<Database>,
	note: { requestId: number | null; shipmentId: number | null }
): Promise<number[]> {
	const ids = new Set<number>();
	if (note.requestId !== null) {
		const rows = await db
			.selectFrom('pledge')
			.innerJoin('requestLine', 'requestLine.id', 'pledge.requestLineId')
			.select('pledge.organisationId')
			.where('requestLine.requestId', '=', note.requestId)
			.where('pledge.status', '!=', 'cancelled')
			.execute();
		for (const r of rows) ids.add(r.organisationId);
	}
	if (note.shipmentId !== null) {
		const rows = await db
			.selectFrom('shipment')
			.leftJoin('shipmentLine', 'shipmentLine.shipmentId', 'shipment.id')
			.leftJoin('pledge', 'pledge.id', 'shipmentLine.pledgeId')
			.select(['shipment.organisationId as shipmentOrg', 'pledge.organisationId as pledgeOrg'])
			.where('shipment.id', '=', note.shipmentId)
			.execute();
		for (const r of rows) {
			if (r.shipmentOrg !== null) ids.add(r.shipmentOrg);
			if (r.pledgeOrg !== null) ids.add(r.pledgeOrg);
		}
	}
	return [...ids].sort((a, b) => a - b);
}
