import type { Kysely } from 'kysely';

// Frozen in time: no app imports. Indexes behind list queries that sorted without one: a person's
// notifications newest first, public thank-you notes newest first, notes by request and by shipment,
// requests by their author. (pledge.request_line_id is already led by pledge_line_idx.)
const INDEXES: [name: string, table: string, columns: string[]][] = [
	['notification_user_created_idx', 'notification', ['user_id', 'created_at']],
	['thank_you_note_public_idx', 'thank_you_note', ['is_public', 'created_at']],
	['thank_you_note_request_idx', 'thank_you_note', ['request_id']],
	['thank_you_note_shipment_idx', 'thank_you_note', ['shipment_id']],
	['supply_request_created_by_idx', 'supply_request', ['created_by']]
];

export async function up(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		for (const [name, table, columns] of INDEXES) {
			await trx.schema.createIndex(name).on(table).columns(columns).execute();
		}
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		for (const [name] of [...INDEXES].reverse()) {
			await trx.schema.dropIndex(name).execute();
		}
	});
}
