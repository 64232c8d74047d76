import { describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { getDb } from '../db';
import { seedDemo } from './seed';

describe('demo requests', () => {
	it('leaves requests in every state a review can, with real audit trails', async () => {
		await createTestDb();
		await seedDemo();
		const rows = await getDb()
			.selectFrom('supplyRequest')
			.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('status')
			.execute();
		const count = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
		for (const status of ['draft', 'submitted', 'approved', 'partially_approved', 'rejected'])
			expect(count[status] ?? 0, status).toBeGreaterThan(0);
		const items = await getDb()
			.selectFrom('catalogItem')
			.select('id')
			.where('active', '=', 1)
			.execute();
		expect(items.length).toBeGreaterThanOrEqual(15);
		const audits = await getDb()
			.selectFrom('auditLog')
			.select('id')
			.where('subject', '=', 'request')
			.where('action', '=', 'review')
			.execute();
		expect(audits.length).toBeGreaterThanOrEqual(5);
	}, 60_000);
});
