import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { createTestDb } from '../testing/db';
import { seedDemo } from './seed';

let dir: string;
beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-demo-ship-'));
	process.env.UPLOADS_DIR = dir;
});
afterAll(() => {
	fs.rmSync(dir, { recursive: true, force: true });
	delete process.env.UPLOADS_DIR;
});

describe('demo shipments', () => {
	it('leaves one awaiting receipt at the demo school, received ones, and an open discrepancy', async () => {
		await createTestDb();
		const world = await seedDemo();
		const rows = await getDb()
			.selectFrom('shipment')
			.select(['id', 'schoolId', 'status', 'source'])
			.orderBy('id')
			.execute();
		const awaiting = rows.filter((r) => r.status === 'dispatched');
		expect(awaiting.map((r) => r.schoolId)).toContain(world.schools.hope);
		const hopeLines = await getDb()
			.selectFrom('shipmentLine')
			.innerJoin('shipment', 'shipment.id', 'shipmentLine.shipmentId')
			.select('shipmentLine.id')
			.where('shipment.schoolId', '=', world.schools.hope)
			.where('shipment.status', '=', 'dispatched')
			.where('shipment.source', '=', 'sponsor')
			.execute();
		expect(hopeLines.length).toBeGreaterThanOrEqual(2);
		expect(rows.filter((r) => r.status === 'received').length).toBeGreaterThanOrEqual(2);
		const open = await getDb()
			.selectFrom('shipmentLine')
			.select(['receipt', 'discrepancy'])
			.where('discrepancy', '=', 'open')
			.execute();
		expect(open).toEqual([{ receipt: 'damaged', discrepancy: 'open' }]);
		expect(await getDb().selectFrom('receiptPhoto').select('uploadId').execute()).toHaveLength(1);
		const statuses = (await getDb().selectFrom('supplyRequest').select('status').execute()).map(
			(r) => r.status
		);
		expect(statuses).toContain('delivered');
		expect(statuses).toContain('closed');
		// The thank-you seed ran after: it found delivered requests.
		expect(
			(await getDb().selectFrom('thankYouNote').select('id').execute()).length
		).toBeGreaterThan(0);
	}, 60_000);
});
