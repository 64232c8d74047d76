import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { createTestDb } from '../testing/db';
import { makeOrganisation, makeSchool, makeUser } from '../testing/factories';
import type { DemoWorld } from './seed';
import { seedThanks } from './thanks';

beforeAll(() => {
	process.env.UPLOADS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-demo-thanks-'));
});

async function smallWorld() {
	const school = await makeSchool();
	const teacher = await makeUser('teacher', { schoolId: school.id });
	const org = await makeOrganisation();
	const sponsor = await makeUser('sponsor', { organisationId: org.id });
	const world = {
		users: { teacher: teacher.id, teacher2: -1 }
	} as unknown as DemoWorld;
	return { school, teacher, sponsor, world };
}

async function deliveredRequest(
	schoolId: number,
	createdBy: number,
	organisationId: number,
	pledgedBy: number
) {
	const now = Date.now();
	const request = await getDb()
		.insertInto('supplyRequest')
		.values({
			schoolId,
			createdBy,
			purpose: 'Books',
			neededBy: '2027-01-01',
			status: 'delivered',
			submittedAt: now,
			reviewedAt: now,
			reviewedBy: null,
			deliveredAt: now,
			createdAt: now,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const line = await getDb()
		.insertInto('requestLine')
		.values({
			requestId: request.id,
			position: 1,
			description: 'Books',
			quantityRequested: 5,
			quantityApproved: 5,
			quantityPledged: 5
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await getDb()
		.insertInto('pledge')
		.values({
			requestLineId: line.id,
			organisationId,
			pledgedBy,
			quantity: 5,
			status: 'delivered',
			createdAt: now,
			cancelledAt: null
		})
		.execute();
	return request.id;
}

describe('demo thank-you notes', () => {
	beforeEach(async () => {
		await createTestDb();
	});

	it('skip quietly when nothing has been delivered', async () => {
		const { world } = await smallWorld();
		await seedThanks(world);
		expect(await getDb().selectFrom('thankYouNote').select('id').execute()).toEqual([]);
	});

	it('post a public note with a photo and a private one, and tell the givers', async () => {
		const { school, teacher, sponsor, world } = await smallWorld();
		await deliveredRequest(school.id, teacher.id, sponsor.organisationId!, sponsor.id);
		await deliveredRequest(school.id, teacher.id, sponsor.organisationId!, sponsor.id);
		await seedThanks(world);
		const notes = await getDb()
			.selectFrom('thankYouNote')
			.select(['isPublic', 'authorId'])
			.orderBy('id')
			.execute();
		expect(notes).toEqual([
			{ isPublic: 1, authorId: teacher.id },
			{ isPublic: 0, authorId: teacher.id }
		]);
		expect(await getDb().selectFrom('thankYouPhoto').select('uploadId').execute()).toHaveLength(1);
		const told = await getDb()
			.selectFrom('notification')
			.select('kind')
			.where('userId', '=', sponsor.id)
			.execute();
		expect(told).toEqual([{ kind: 'thanks_posted' }, { kind: 'thanks_posted' }]);
	});
});
