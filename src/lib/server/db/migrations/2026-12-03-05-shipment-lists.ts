import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// Frozen in time: no app imports. A sponsor's shipments are those it sent and those carrying its
// pledges. Neither could be found without reading every shipment or every shipment line: there was
// no index on shipment.organisation_id nor on shipment_line.pledge_id. With these, a sponsor's
// shipments are an index search from its pledges (pledge_organisation_idx) and from its name.
export async function up(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema
			.createIndex('shipment_organisation_idx')
			.on('shipment')
			.column('organisation_id')
			.execute();
		await trx.schema
			.createIndex('shipment_line_pledge_idx')
			.on('shipment_line')
			.columns(['pledge_id', 'shipment_id'])
			.execute();
		// New indexes without statistics on tables that have them: measure them now.
		await sql`analyze shipment`.execute(trx);
		await sql`analyze shipment_line`.execute(trx);
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema.dropIndex('shipment_line_pledge_idx').execute();
		await trx.schema.dropIndex('shipment_organisation_idx').execute();
	});
}
