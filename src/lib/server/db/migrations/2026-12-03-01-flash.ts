import { sql, type Kysely } from 'kysely';
import { onPostgres } from './engine';

// Frozen in time: no app imports. A confirmation handed from a successful action to the page after
// its redirect ("Pledge recorded: 5 of 20"): a message key and its parameters, never rendered text,
// found by the SHA-256 of the random token in the visitor's cookie. Not tied to a user, so it works
// after signing out or for a visitor who has just accepted an invitation; gone after one reading or
// a few minutes.
export async function up(db: Kysely<any>): Promise<void> {
	const json = onPostgres(db) ? sql`params::json is not null` : sql`json_valid(params)`;
	await db.transaction().execute(async (trx) => {
		await trx.schema
			.createTable('flash')
			.addColumn('token_hash', 'text', (c) => c.primaryKey().check(sql`length(token_hash) = 64`))
			.addColumn('key', 'text', (c) => c.notNull().check(sql`length(key) between 1 and 100`))
			.addColumn('params', 'text', (c) =>
				c.notNull().check(sql`length(params) <= 2000 and ${json}`)
			)
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.addColumn('expires_at', 'integer', (c) => c.notNull().check(sql`expires_at > created_at`))
			.modifyEnd(sql`strict`)
			.execute();
		await trx.schema.createIndex('flash_expires_idx').on('flash').column('expires_at').execute();
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema.dropTable('flash').execute();
	});
}
