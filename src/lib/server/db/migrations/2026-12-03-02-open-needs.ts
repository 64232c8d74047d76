import { sql, type Kysely } from 'kysely';

// Frozen in time: no app imports. The needs page and the storeroom's "stock could fill" list read
// the lines still open (approved, less pledged and allocated) of requests that may still be
// covered, soonest needed first. Two partial indexes hold exactly those rows, in that order: on a
// large program a few thousand of a hundred thousand lines, read without scanning the rest. A query
// uses them only when it writes the same conditions with literal values (a bound parameter can't
// be proven to match a partial index's WHERE): see pledges.ts `OPEN_LINE` and `PLEDGEABLE_REQUEST`.
export async function up(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema
			.createIndex('request_line_open_idx')
			.on('request_line')
			.columns(['request_id', 'catalog_item_id'])
			.where(sql`quantity_approved - quantity_pledged - quantity_allocated`, '>', sql.lit(0))
			.execute();
		await trx.schema
			.createIndex('supply_request_pledgeable_idx')
			.on('supply_request')
			.columns(['needed_by', 'id'])
			.where(sql.ref('status'), 'in', [
				sql.lit('approved'),
				sql.lit('partially_approved'),
				sql.lit('fulfilling')
			])
			.execute();
		// A table that has statistics and a new index that has none: SQLite would keep to the old
		// indexes. Measure the new ones now (quick on any size this portal has).
		await sql`analyze request_line`.execute(trx);
		await sql`analyze supply_request`.execute(trx);
		// A discrepancy's follow-up line names the line it replaces; the shipment page looks them up.
		await trx.schema
			.createIndex('shipment_line_replaces_idx')
			.on('shipment_line')
			.column('replaces_shipment_line_id')
			.execute();
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		for (const name of [
			'shipment_line_replaces_idx',
			'supply_request_pledgeable_idx',
			'request_line_open_idx'
		])
			await trx.schema.dropIndex(name).execute();
	});
}
