import type { Kysely } from 'kysely';

// Frozen in time: no app imports. Throttle rows now say when they may be forgotten, so a periodic
// sweep can prune them whatever policy wrote them; failure log and throttle get indexes for it.
// The old rows (keyed per account globally) mean something else now and are dropped.
export async function up(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.deleteFrom('sign_in_throttle').execute();
		await trx.schema
			.alterTable('sign_in_throttle')
			.addColumn('forget_at', 'integer', (c) => c.notNull().defaultTo(0))
			.execute();
		await trx.schema
			.createIndex('sign_in_throttle_forget_idx')
			.on('sign_in_throttle')
			.column('forget_at')
			.execute();
		await trx.schema
			.createIndex('sign_in_failure_at_idx')
			.on('sign_in_failure')
			.column('at')
			.execute();
		await trx.schema
			.createIndex('session_last_verified_idx')
			.on('session')
			.column('last_verified_at')
			.execute();
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema.dropIndex('session_last_verified_idx').execute();
		await trx.schema.dropIndex('sign_in_failure_at_idx').execute();
		await trx.schema.dropIndex('sign_in_throttle_forget_idx').execute();
		await trx.schema.alterTable('sign_in_throttle').dropColumn('forget_at').execute();
	});
}
