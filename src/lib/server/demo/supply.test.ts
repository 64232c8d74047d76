import { describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { getDb } from '../db';
import * as stock from '../donations/stock';
import { seedDemo } from './seed';

describe('demo pledges and stock', () => {
	it('leaves pledges, a storeroom whose ledger adds up, and needs stock could fill', async () => {
		await createTestDb();
		const world = await seedDemo();
		const coordinator = {
			id: world.users.coordinator,
			role: 'coordinator' as const,
			schoolId: null,
			organisationId: null
		};
		const statuses = await getDb().selectFrom('pledge').select('status').execute();
		expect(statuses.map((s) => s.status)).toContain('active');
		expect(statuses.map((s) => s.status)).toContain('cancelled');
		const requests = await getDb().selectFrom('supplyRequest').select('status').execute();
		for (const status of ['approved', 'partially_approved', 'fulfilling'])
			expect(
				requests.map((r) => r.status),
				status
			).toContain(status);
		const levels = await getDb().selectFrom('stockLevel').selectAll().execute();
		expect(levels.length).toBeGreaterThanOrEqual(4);
		// Later seeds may ship what was allocated; the ledger keeps the allocation either way.
		const allocated = await getDb()
			.selectFrom('stockMovement')
			.select('id')
			.where('kind', '=', 'allocated')
			.execute();
		expect(allocated.length).toBeGreaterThan(0);
		for (const level of levels) {
			const rows = await getDb()
				.selectFrom('stockMovement')
				.select(['kind', 'quantity'])
				.where('catalogItemId', '=', level.catalogItemId)
				.execute();
			const sum = (...kinds: string[]) =>
				rows.filter((r) => kinds.includes(r.kind)).reduce((t, r) => t + r.quantity, 0);
			expect(sum('received', 'adjusted', 'shipped')).toBe(level.onHand);
			expect(sum('allocated', 'released', 'shipped')).toBe(level.allocated);
		}
		expect((await stock.fillable(coordinator)).total).toBeGreaterThan(0);
	}, 60_000);
});
