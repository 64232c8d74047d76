import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
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
});
