import { describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { makeApprovedRequest, makeCatalogItem } from '../testing/donations';
import * as stock from './stock';
import { makeUser } from '../testing/factories';
import { race, runWorker, useRaceDb } from '../testing/race';

// Sponsors of two organisations pledging on one line from three app instances at once: the
// database settles it, so the line is never covered beyond what was approved.
describe('pledges from parallel app instances', () => {
	const db = useRaceDb('pledges');

	it('exactly as many pledges succeed as the approved quantity allows; the rest are conflicts', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 7 }] });
		const a = await makeUser('sponsor');
		const b = await makeUser('sponsor');
		const start = new SharedArrayBuffer(4);
		const entry = new URL('./pledges.race-worker.ts', import.meta.url);
		const workers = [a.actor, b.actor, a.actor].map((actor) =>
			runWorker<string[]>(entry, db.file, start, {
				actor,
				lineId: lineIds[0],
				quantity: 2,
				attempts: 4
			})
		);
		const answers = (await race(workers, start)).flat();

		expect(answers).toHaveLength(12);
		expect(answers.filter((x) => x === 'ok')).toHaveLength(3);
		expect(answers.filter((x) => x === 'Conflict')).toHaveLength(9);
		const line = await getDb()
			.selectFrom('requestLine')
			.select(['quantityPledged'])
			.where('id', '=', lineIds[0])
			.executeTakeFirstOrThrow();
		expect(line.quantityPledged).toBe(6);
		const pledged = await getDb()
			.selectFrom('pledge')
			.select((eb) => eb.fn.sum<number>('quantity').as('q'))
			.where('requestLineId', '=', lineIds[0])
			.where('status', '=', 'active')
			.executeTakeFirstOrThrow();
		expect(Number(pledged.q)).toBe(6);
	}, 60_000);

	it('pledges and storeroom allocations racing for one line never cover more than was approved', async () => {
		const item = await makeCatalogItem();
		const { lineIds } = await makeApprovedRequest({
			lines: [{ catalogItemId: item.id, approved: 9 }]
		});
		const sponsor = await makeUser('sponsor');
		const coordinator = await makeUser('coordinator');
		await stock.receive(coordinator.actor, { itemId: item.id, quantity: 20 });
		const start = new SharedArrayBuffer(4);
		const entry = new URL('./pledges.race-worker.ts', import.meta.url);
		const line = { lineId: lineIds[0], quantity: 2, attempts: 5 };
		const workers = [
			runWorker<string[]>(entry, db.file, start, { actor: sponsor.actor, ...line }),
			runWorker<string[]>(entry, db.file, start, {
				actor: coordinator.actor,
				itemId: item.id,
				...line
			})
		];
		const answers = (await race(workers, start)).flat();

		expect(answers.filter((x) => x === 'ok')).toHaveLength(4);
		expect(answers.filter((x) => x === 'Conflict')).toHaveLength(6);
		const row = await getDb()
			.selectFrom('requestLine')
			.select(['quantityPledged', 'quantityAllocated'])
			.where('id', '=', lineIds[0])
			.executeTakeFirstOrThrow();
		expect(row.quantityPledged + row.quantityAllocated).toBe(8);
		const level = await getDb()
			.selectFrom('stockLevel')
			.select(['onHand', 'allocated'])
			.where('catalogItemId', '=', item.id)
			.executeTakeFirstOrThrow();
		expect(level).toEqual({ onHand: 20, allocated: row.quantityAllocated });
	}, 60_000);
});
