import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { getSqlite } from '../db';
import { createTestDb } from '../testing/db';

describe('migrations', () => {
	it('create every table as STRICT with foreign keys on', async () => {
		const db = await createTestDb();
		const tables = await sql<{ name: string; strict: number }>`
			select name, strict from pragma_table_list where schema = 'main' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(
			db
		);
		expect(tables.rows.length).toBeGreaterThanOrEqual(20);
		expect(tables.rows.filter((t) => t.strict !== 1)).toEqual([]);
		const fk = await sql<{ foreignKeys: number }>`pragma foreign_keys`.execute(db);
		expect(fk.rows[0].foreignKeys).toBe(1);
	});

	it('let the database refuse a pledge total above the approved quantity', async () => {
		const db = await createTestDb();
		const now = Date.now();
		const county = await db
			.insertInto('county')
			.values({ name: 'C', province: '', createdAt: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const school = await db
			.insertInto('school')
			.values({
				countyId: county.id,
				name: 'S',
				kind: 'primary',
				village: '',
				address: '',
				contactName: '',
				contactPhone: '',
				createdAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const user = await db
			.insertInto('user')
			.values({
				username: 'teach',
				displayName: 'T',
				role: 'teacher',
				schoolId: school.id,
				organisationId: null,
				grade: null,
				email: null,
				passwordHash: 'x',
				disabledAt: null,
				createdAt: now,
				createdBy: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const request = await db
			.insertInto('supplyRequest')
			.values({
				schoolId: school.id,
				createdBy: user.id,
				purpose: 'p',
				neededBy: '2027-01-01',
				status: 'approved',
				submittedAt: null,
				reviewedAt: null,
				reviewedBy: null,
				deliveredAt: null,
				createdAt: now,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const line = await db
			.insertInto('requestLine')
			.values({
				requestId: request.id,
				position: 1,
				catalogItemId: null,
				description: 'Books',
				quantityRequested: 10,
				quantityApproved: 5
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await expect(
			db.updateTable('requestLine').set({ quantityPledged: 6 }).where('id', '=', line.id).execute()
		).rejects.toThrow(/CHECK constraint failed/);
	});

	it('serve the unread count and the public thank-you list from indexes, without sorting', async () => {
		await createTestDb();
		const plan = (query: string, ...params: unknown[]) =>
			(
				getSqlite()
					.prepare(`explain query plan ${query}`)
					.all(...params) as { detail: string }[]
			)
				.map((p) => p.detail)
				.join(' | ');
		const unread = plan(
			'select count(*) as n from notification where user_id = ? and read_at is null',
			1
		);
		expect(unread).toMatch(/USING (COVERING )?INDEX notification_\w+_idx/);
		const newest = plan(
			'select id from notification where user_id = ? order by created_at desc, id desc limit 20',
			1
		);
		expect(newest).toMatch(/USING (COVERING )?INDEX notification_user_created_idx/);
		expect(newest).not.toMatch(/TEMP B-TREE/);
		// The list `thanks.list(null)` runs: public notes, newest first.
		const publicNotes = plan(
			`select n.id, n.body, school.name from thank_you_note as n
			 inner join school on school.id = n.school_id
			 left join shipment on shipment.id = n.shipment_id
			 where n.is_public = ? order by n.created_at desc, n.id desc limit 20 offset 0`,
			1
		);
		expect(publicNotes).toMatch(/SEARCH n USING INDEX thank_you_note_public_idx/);
		expect(publicNotes).not.toMatch(/TEMP B-TREE/);
		const byRequest = plan('select id from thank_you_note where request_id = ?', 1);
		expect(byRequest).toMatch(/USING (COVERING )?INDEX thank_you_note_request_idx/);
	});
});
