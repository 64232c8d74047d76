import { sql, type Kysely } from 'kysely';

// Frozen in time: no app imports. What is set aside for a line and not yet shipped is a sum over the
// ledger: per line and item when stock is released or shipped, per item and line on an item's page.
// Through stock_movement_item_idx (item, date) each sum read every movement of the item, thousands
// of rows on a large program, from the table. This index holds the item's movements in line order
// with their kind and quantity, so each sum reads only its own rows and never the table.
// (An item's ledger, newest first, is already served by stock_movement_item_idx: its entries end in
// the row id, which is the ledger's tie-break.)
export async function up(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema
			.createIndex('stock_movement_line_idx')
			.on('stock_movement')
			.columns(['catalog_item_id', 'request_line_id', 'kind', 'quantity'])
			.execute();
		// A new index without statistics on a table that has them: measure it now.
		await sql`analyze stock_movement`.execute(trx);
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema.dropIndex('stock_movement_line_idx').execute();
	});
}
