import { sql, type Kysely } from 'kysely';

// Frozen in time: no app imports. Every organisation's pledges, newest first (the coordinator's
// pledges list), had no index in that order: each page sorted every pledge with its joins. An index
// on created_at (its entries end in the row id, the list's tie-break) walks them in order and stops
// at the page's end. One organisation's are already served by pledge_organisation_idx.
export async function up(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema.createIndex('pledge_created_idx').on('pledge').column('created_at').execute();
		// A new index without statistics on a table that has them: measure it now.
		await sql`analyze pledge`.execute(trx);
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema.dropIndex('pledge_created_idx').execute();
	});
}
