import { beforeEach, describe, expect, it } from 'vitest';
import { engine, getDb } from '.';
import { createTestDb } from '../testing/db';
import { makeApprovedRequest, makeCatalogItem } from '../testing/donations';
import { makeSchool, makeUser } from '../testing/factories';
import { testEngine } from '../testing/postgres';

// The invariants the schema itself guards, whatever the code above it does: run on SQLite and on
// PostgreSQL (the suite's two halves), each write below must be refused by the database.
describe(`the schema's own guards (${testEngine()})`, () => {
	beforeEach(async () => {
		await createTestDb();
	});

	it('runs on the engine this half of the suite is for', () => {
		expect(engine()).toBe(testEngine());
	});

	it('refuses a line pledged or allocated beyond what was approved', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 5 }] });
		const line = () => getDb().updateTable('requestLine').where('id', '=', lineIds[0]);
		await expect(line().set({ quantityPledged: 6 }).execute()).rejects.toThrow(/check/i);
		await expect(
			line().set({ quantityPledged: 3, quantityAllocated: 3 }).execute()
		).rejects.toThrow(/check/i);
		await line().set({ quantityPledged: 3, quantityAllocated: 2 }).execute();
	});

	it('refuses negative quantities and stock below zero or below what is allocated', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 5 }] });
		await expect(
			getDb()
				.updateTable('requestLine')
				.set({ quantityShipped: -1 })
				.where('id', '=', lineIds[0])
				.execute()
		).rejects.toThrow(/check/i);
		const item = await makeCatalogItem();
		const level = (onHand: number, allocated: number) =>
			getDb()
				.insertInto('stockLevel')
				.values({ catalogItemId: item.id, onHand, allocated })
				.execute();
		await expect(level(-1, 0)).rejects.toThrow(/check/i);
		await expect(level(2, 3)).rejects.toThrow(/check/i);
		await level(3, 2);
	});

	it('refuses a pledge of nothing, and a request needed by a day that is not a date', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 5 }] });
		const sponsor = await makeUser('sponsor');
		await expect(
			getDb()
				.insertInto('pledge')
				.values({
					requestLineId: lineIds[0],
					organisationId: sponsor.actor.organisationId!,
					pledgedBy: sponsor.id,
					quantity: 0,
					status: 'active',
					note: '',
					createdAt: Date.now(),
					cancelledAt: null
				})
				.execute()
		).rejects.toThrow(/check/i);
		const request = await getDb()
			.selectFrom('requestLine')
			.select('requestId')
			.where('id', '=', lineIds[0])
			.executeTakeFirstOrThrow();
		await expect(
			getDb()
				.updateTable('supplyRequest')
				.set({ neededBy: '1 March' })
				.where('id', '=', request.requestId)
				.execute()
		).rejects.toThrow(/check/i);
	});

	it('refuses a second account with the same name, and a reference to nothing', async () => {
		const user = await makeUser('teacher');
		const school = await makeSchool();
		const again = () =>
			getDb()
				.insertInto('user')
				.values({
					username: user.username,
					displayName: 'Again',
					role: 'teacher',
					schoolId: school.id,
					organisationId: null,
					grade: null,
					email: null,
					passwordHash: 'x',
					disabledAt: null,
					createdAt: Date.now(),
					createdBy: null
				})
				.execute();
		await expect(again()).rejects.toThrow(/unique/i);
		await expect(
			getDb()
				.insertInto('school')
				.values({
					countyId: 987_654,
					name: 'Nowhere',
					kind: 'primary',
					village: '',
					address: '',
					contactName: '',
					contactPhone: '',
					createdAt: Date.now()
				})
				.execute()
		).rejects.toThrow(/foreign key/i);
	});

	it('keeps millisecond timestamps and large sums exact', async () => {
		const far = Date.UTC(2200, 0, 1, 12, 0, 0, 123);
		const county = await getDb()
			.insertInto('county')
			.values({ name: 'Far future', province: '', createdAt: far })
			.returning('createdAt')
			.executeTakeFirstOrThrow();
		expect(county.createdAt).toBe(far);
		await getDb()
			.insertInto('county')
			.values({ name: 'Far future too', province: '', createdAt: far })
			.execute();
		const sum = await getDb()
			.selectFrom('county')
			.select((eb) => eb.fn.sum<number>('createdAt').as('total'))
			.where('province', '=', '')
			.executeTakeFirstOrThrow();
		expect(sum.total).toBe(2 * far);
	});
});
