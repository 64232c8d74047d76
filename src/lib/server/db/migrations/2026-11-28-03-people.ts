import type { Kysely } from 'kysely';

// Frozen in time: no app imports. Indexes behind the people lists (accounts by role, invitations
// newest first, subsidiaries by parent).
export async function up(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema.createIndex('user_role_idx').on('user').columns(['role', 'id']).execute();
		await trx.schema
			.createIndex('organisation_parent_idx')
			.on('organisation')
			.column('parent_id')
			.execute();
		await trx.schema
			.createIndex('user_organisation_idx')
			.on('user')
			.column('organisation_id')
			.execute();
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		for (const index of ['user_organisation_idx', 'organisation_parent_idx', 'user_role_idx']) {
			await trx.schema.dropIndex(index).execute();
		}
	});
}
