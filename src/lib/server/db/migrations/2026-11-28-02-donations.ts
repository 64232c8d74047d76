import { sql, type Kysely } from 'kysely';
import { onPostgres } from './engine';

// Frozen in time: no app imports. Wrapped in its own transaction (Kysely's SQLite dialect doesn't).
export async function up(db: Kysely<any>): Promise<void> {
	const isoDay = onPostgres(db)
		? sql`needed_by ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`
		: sql`needed_by glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'`;
	await db.transaction().execute(async (trx) => {
		const strict = sql`strict`;

		await trx.schema
			.createTable('catalog_item')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 120`))
			.addColumn('category', 'text', (c) =>
				c
					.notNull()
					.check(
						sql`category in ('book', 'toy', 'sports', 'classroom', 'stationery', 'library', 'other')`
					)
			)
			.addColumn('unit', 'text', (c) => c.notNull().check(sql`length(unit) between 1 and 20`))
			.addColumn('age_band', 'text', (c) =>
				c
					.notNull()
					.check(sql`age_band in ('kindergarten', 'lower_primary', 'upper_primary', 'all')`)
			)
			.addColumn('unit_value_fen', 'integer', (c) =>
				c.notNull().check(sql`unit_value_fen between 0 and 100000000`)
			)
			.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('active', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(1)
					.check(sql`active in (0, 1)`)
			)
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('catalog_item_category_idx')
			.on('catalog_item')
			.columns(['active', 'category'])
			.execute();

		await trx.schema
			.createTable('supply_request')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('school_id', 'integer', (c) => c.notNull().references('school.id'))
			.addColumn('created_by', 'integer', (c) => c.notNull().references('user.id'))
			.addColumn('purpose', 'text', (c) =>
				c.notNull().check(sql`length(purpose) between 1 and 2000`)
			)
			.addColumn('needed_by', 'text', (c) => c.notNull().check(isoDay))
			.addColumn('status', 'text', (c) =>
				c
					.notNull()
					.check(
						sql`status in ('draft', 'submitted', 'approved', 'partially_approved', 'rejected', 'fulfilling', 'delivered', 'closed')`
					)
			)
			.addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('submitted_at', 'integer')
			.addColumn('reviewed_at', 'integer')
			.addColumn('reviewed_by', 'integer', (c) => c.references('user.id'))
			.addColumn('delivered_at', 'integer')
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.addColumn('updated_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('supply_request_school_idx')
			.on('supply_request')
			.columns(['school_id', 'status', 'updated_at'])
			.execute();
		await trx.schema
			.createIndex('supply_request_status_idx')
			.on('supply_request')
			.columns(['status', 'updated_at'])
			.execute();

		// Quantities a line moves through. pledged + allocated is what is covered; it can never
		// exceed what was approved, whoever races for it.
		await trx.schema
			.createTable('request_line')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('request_id', 'integer', (c) =>
				c.notNull().references('supply_request.id').onDelete('cascade')
			)
			.addColumn('position', 'integer', (c) => c.notNull())
			.addColumn('catalog_item_id', 'integer', (c) => c.references('catalog_item.id'))
			.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('quantity_requested', 'integer', (c) =>
				c.notNull().check(sql`quantity_requested between 1 and 100000`)
			)
			.addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('quantity_approved', 'integer')
			.addColumn('review_note', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('quantity_pledged', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(0)
					.check(sql`quantity_pledged >= 0`)
			)
			.addColumn('quantity_allocated', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(0)
					.check(sql`quantity_allocated >= 0`)
			)
			.addColumn('quantity_shipped', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(0)
					.check(sql`quantity_shipped >= 0`)
			)
			.addColumn('quantity_received', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(0)
					.check(sql`quantity_received >= 0`)
			)
			.addCheckConstraint(
				'request_line_item_or_description',
				sql`catalog_item_id is not null or length(description) > 0`
			)
			.addCheckConstraint(
				'request_line_approved_range',
				sql`quantity_approved is null or quantity_approved between 0 and quantity_requested`
			)
			.addCheckConstraint(
				'request_line_covered_within_approved',
				sql`quantity_pledged + quantity_allocated <= coalesce(quantity_approved, 0)`
			)
			.addUniqueConstraint('request_line_position_unique', ['request_id', 'position'])
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('request_line_item_idx')
			.on('request_line')
			.column('catalog_item_id')
			.execute();

		await trx.schema
			.createTable('pledge')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('request_line_id', 'integer', (c) => c.notNull().references('request_line.id'))
			.addColumn('organisation_id', 'integer', (c) => c.notNull().references('organisation.id'))
			.addColumn('pledged_by', 'integer', (c) => c.notNull().references('user.id'))
			.addColumn('quantity', 'integer', (c) =>
				c.notNull().check(sql`quantity between 1 and 100000`)
			)
			.addColumn('status', 'text', (c) =>
				c.notNull().check(sql`status in ('active', 'cancelled', 'shipped', 'delivered')`)
			)
			.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.addColumn('cancelled_at', 'integer')
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('pledge_line_idx')
			.on('pledge')
			.columns(['request_line_id', 'status'])
			.execute();
		await trx.schema
			.createIndex('pledge_organisation_idx')
			.on('pledge')
			.columns(['organisation_id', 'created_at'])
			.execute();

		// The storeroom: stock_movement is the append-only ledger; stock_level is its running sum,
		// kept in the same transaction, where the database refuses a negative on-hand.
		await trx.schema
			.createTable('stock_movement')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('catalog_item_id', 'integer', (c) => c.notNull().references('catalog_item.id'))
			.addColumn('kind', 'text', (c) =>
				c.notNull().check(sql`kind in ('received', 'allocated', 'released', 'shipped', 'adjusted')`)
			)
			.addColumn('quantity', 'integer', (c) =>
				c.notNull().check(sql`quantity <> 0 and quantity between -1000000 and 1000000`)
			)
			.addColumn('organisation_id', 'integer', (c) => c.references('organisation.id'))
			.addColumn('request_line_id', 'integer', (c) => c.references('request_line.id'))
			.addColumn('shipment_id', 'integer')
			.addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('created_by', 'integer', (c) => c.notNull().references('user.id'))
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('stock_movement_item_idx')
			.on('stock_movement')
			.columns(['catalog_item_id', 'created_at'])
			.execute();

		await trx.schema
			.createTable('stock_level')
			.addColumn('catalog_item_id', 'integer', (c) => c.primaryKey().references('catalog_item.id'))
			.addColumn('on_hand', 'integer', (c) => c.notNull().check(sql`on_hand >= 0`))
			.addColumn('allocated', 'integer', (c) => c.notNull().check(sql`allocated >= 0`))
			.addCheckConstraint('stock_level_allocated_within_on_hand', sql`allocated <= on_hand`)
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('shipment')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('number', 'text', (c) => c.notNull().unique())
			.addColumn('school_id', 'integer', (c) => c.notNull().references('school.id'))
			.addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('stock', 'sponsor')`))
			.addColumn('organisation_id', 'integer', (c) => c.references('organisation.id'))
			.addColumn('carrier', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('reference', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('dispatched_on', 'text')
			.addColumn('status', 'text', (c) =>
				c.notNull().check(sql`status in ('preparing', 'dispatched', 'received', 'closed')`)
			)
			.addColumn('created_by', 'integer', (c) => c.notNull().references('user.id'))
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.addColumn('updated_at', 'integer', (c) => c.notNull())
			.addCheckConstraint(
				'shipment_sponsor_named',
				sql`source = 'stock' or organisation_id is not null`
			)
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('shipment_school_idx')
			.on('shipment')
			.columns(['school_id', 'status', 'created_at'])
			.execute();

		await trx.schema
			.createTable('shipment_counter')
			.addColumn('year', 'integer', (c) => c.primaryKey())
			.addColumn('last', 'integer', (c) => c.notNull().check(sql`last >= 0`))
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('shipment_line')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('shipment_id', 'integer', (c) =>
				c.notNull().references('shipment.id').onDelete('cascade')
			)
			.addColumn('request_line_id', 'integer', (c) => c.references('request_line.id'))
			.addColumn('pledge_id', 'integer', (c) => c.references('pledge.id'))
			.addColumn('catalog_item_id', 'integer', (c) => c.references('catalog_item.id'))
			.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
			// An item that couldn't be had, replaced by this line's item: shown crossed out.
			.addColumn('replaces_catalog_item_id', 'integer', (c) => c.references('catalog_item.id'))
			.addColumn('replaces_shipment_line_id', 'integer', (c) => c.references('shipment_line.id'))
			.addColumn('quantity', 'integer', (c) =>
				c.notNull().check(sql`quantity between 1 and 100000`)
			)
			.addColumn('receipt', 'text', (c) =>
				c
					.notNull()
					.defaultTo('pending')
					.check(sql`receipt in ('pending', 'received', 'short', 'damaged', 'wrong_item')`)
			)
			.addColumn('quantity_received', 'integer', (c) => c.check(sql`quantity_received >= 0`))
			.addColumn('reason_code', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('receipt_note', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('confirmed_by', 'integer', (c) => c.references('user.id'))
			.addColumn('confirmed_at', 'integer')
			.addColumn('discrepancy', 'text', (c) =>
				c
					.notNull()
					.defaultTo('none')
					.check(sql`discrepancy in ('none', 'open', 'resolved')`)
			)
			.addColumn('resolution', 'text', (c) =>
				c.check(sql`resolution is null or resolution in ('reship', 'replace', 'return_to_need')`)
			)
			.addColumn('resolution_note', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('resolved_by', 'integer', (c) => c.references('user.id'))
			.addColumn('resolved_at', 'integer')
			.addCheckConstraint(
				'shipment_line_received_within_sent',
				sql`quantity_received is null or quantity_received <= quantity`
			)
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('shipment_line_shipment_idx')
			.on('shipment_line')
			.column('shipment_id')
			.execute();
		await trx.schema
			.createIndex('shipment_line_request_line_idx')
			.on('shipment_line')
			.column('request_line_id')
			.execute();
		await trx.schema
			.createIndex('shipment_line_discrepancy_idx')
			.on('shipment_line')
			.column('discrepancy')
			.execute();

		await trx.schema
			.createTable('upload')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('stored_name', 'text', (c) => c.notNull().unique())
			.addColumn('purpose', 'text', (c) =>
				c.notNull().check(sql`purpose in ('receipt', 'thank_you')`)
			)
			.addColumn('school_id', 'integer', (c) => c.notNull().references('school.id'))
			.addColumn('uploaded_by', 'integer', (c) => c.notNull().references('user.id'))
			.addColumn('mime', 'text', (c) =>
				c.notNull().check(sql`mime in ('image/jpeg', 'image/png', 'image/webp')`)
			)
			.addColumn('bytes', 'integer', (c) => c.notNull().check(sql`bytes > 0`))
			.addColumn('width', 'integer', (c) => c.notNull())
			.addColumn('height', 'integer', (c) => c.notNull())
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('receipt_photo')
			.addColumn('shipment_line_id', 'integer', (c) =>
				c.notNull().references('shipment_line.id').onDelete('cascade')
			)
			.addColumn('upload_id', 'integer', (c) => c.notNull().references('upload.id'))
			.addPrimaryKeyConstraint('receipt_photo_pk', ['shipment_line_id', 'upload_id'])
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('thank_you_note')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('school_id', 'integer', (c) => c.notNull().references('school.id'))
			.addColumn('request_id', 'integer', (c) => c.references('supply_request.id'))
			.addColumn('shipment_id', 'integer', (c) => c.references('shipment.id'))
			.addColumn('author_id', 'integer', (c) => c.notNull().references('user.id'))
			.addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) between 1 and 2000`))
			.addColumn('is_public', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(0)
					.check(sql`is_public in (0, 1)`)
			)
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('thank_you_note_school_idx')
			.on('thank_you_note')
			.columns(['school_id', 'created_at'])
			.execute();

		await trx.schema
			.createTable('thank_you_photo')
			.addColumn('note_id', 'integer', (c) =>
				c.notNull().references('thank_you_note.id').onDelete('cascade')
			)
			.addColumn('upload_id', 'integer', (c) => c.notNull().references('upload.id'))
			.addPrimaryKeyConstraint('thank_you_photo_pk', ['note_id', 'upload_id'])
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('notification')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('user_id', 'integer', (c) => c.notNull().references('user.id').onDelete('cascade'))
			.addColumn('kind', 'text', (c) => c.notNull())
			.addColumn('subject', 'text', (c) => c.notNull())
			.addColumn('subject_id', 'integer', (c) => c.notNull())
			.addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
			.addColumn('read_at', 'integer')
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('notification_user_idx')
			.on('notification')
			.columns(['user_id', 'read_at', 'created_at'])
			.execute();
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		for (const table of [
			'notification',
			'thank_you_photo',
			'thank_you_note',
			'receipt_photo',
			'upload',
			'shipment_line',
			'shipment_counter',
			'shipment',
			'stock_level',
			'stock_movement',
			'pledge',
			'request_line',
			'supply_request',
			'catalog_item'
		]) {
			await trx.schema.dropTable(table).execute();
		}
	});
}
