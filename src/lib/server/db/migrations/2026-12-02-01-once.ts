import { sql, type Kysely } from 'kysely';

// Frozen in time: no app imports. Secrets shown once (a new student's password, an invitation
// link), kept in the database so a restart or a second instance still shows them: keyed by the
// SHA-256 of the cookie's random secret, encrypted with a key derived from it, tied to an owner and
// a kind of page, and gone after ten minutes or one reading.
export async function up(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema
			.createTable('once_secret')
			.addColumn('key_hash', 'text', (c) => c.primaryKey().check(sql`length(key_hash) = 64`))
			.addColumn('owner_id', 'integer', (c) =>
				c.notNull().references('user.id').onDelete('cascade')
			)
			.addColumn('kind', 'text', (c) => c.notNull().check(sql`length(kind) between 1 and 100`))
			.addColumn('payload', 'blob', (c) => c.notNull().check(sql`length(payload) > 28`))
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.addColumn('expires_at', 'integer', (c) => c.notNull().check(sql`expires_at > created_at`))
			.modifyEnd(sql`strict`)
			.execute();
		await trx.schema
			.createIndex('once_secret_expires_idx')
			.on('once_secret')
			.column('expires_at')
			.execute();
		await trx.schema
			.createIndex('once_secret_owner_idx')
			.on('once_secret')
			.column('owner_id')
			.execute();
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema.dropTable('once_secret').execute();
	});
}
