import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDb, openSqlite, setDb, type Db } from '.';
import { BOOKKEEPING, copyDatabase, digest, TABLES, verifyCopy } from './copy';
import { migrateToLatest } from './migrate';
import { seedDemo } from '../demo/seed';
import { createPostgresTestDb } from '../testing/postgres';

// Needs both engines at once: run in the suite's PostgreSQL half only (vite.config.ts).

async function sqliteDb(): Promise<Db> {
	const sqlite = openSqlite(':memory:');
	const db = createDb(sqlite);
	await migrateToLatest(db);
	setDb(db, sqlite);
	return db;
}

describe('db:copy between the engines', () => {
	it('knows every table the migrations make, and only those', async () => {
		const { db } = await createPostgresTestDb();
		const tables = (await db.introspection.getTables())
			.map((t) => t.name)
			.filter((name) => !BOOKKEEPING.includes(name))
			.sort();
		expect(TABLES.map((t) => t.name).sort()).toEqual(tables);
	});

	it('copies the demo program to PostgreSQL and back: the same rows, every guard still on', async () => {
		const source = await sqliteDb();
		await seedDemo();
		// A parent organisation made after its subsidiary: a row pointing forward in its own table.
		const later = await source
			.insertInto('organisation')
			.values({ name: 'Made later', parentId: null, createdAt: Date.now() })
			.returning('id')
			.executeTakeFirstOrThrow();
		const first = await source
			.selectFrom('organisation')
			.select('id')
			.orderBy('id')
			.executeTakeFirstOrThrow();
		await source
			.updateTable('organisation')
			.set({ parentId: later.id })
			.where('id', '=', first.id)
			.execute();

		const { db: postgres } = await createPostgresTestDb();
		const counts = await copyDatabase(source, postgres);
		for (const { name, key } of TABLES) {
			const expected = await digest(source.withoutPlugins(), name, key);
			expect(counts.find((c) => c.table === name)!.rows, name).toBe(expected.rows);
		}
		expect(counts.find((c) => c.table === 'request_line')!.rows).toBeGreaterThan(10);
		expect(counts.find((c) => c.table === 'stock_movement')!.rows).toBeGreaterThan(10);

		// New rows on PostgreSQL go on after the copied ids.
		const county = await postgres
			.insertInto('county')
			.values({ name: 'After the copy', province: '', createdAt: Date.now() })
			.returning('id')
			.executeTakeFirstOrThrow();
		const highest = await source
			.selectFrom('county')
			.select((eb) => eb.fn.max('id').as('id'))
			.executeTakeFirstOrThrow();
		expect(county.id).toBeGreaterThan(Number(highest.id));
		await postgres.deleteFrom('county').where('id', '=', county.id).execute();

		// The guards came with the schema: a line can't be pledged past what was approved.
		const line = await postgres
			.selectFrom('requestLine')
			.select(['id', 'quantityApproved'])
			.where('quantityApproved', '>', 0)
			.executeTakeFirstOrThrow();
		await expect(
			postgres
				.updateTable('requestLine')
				.set({ quantityPledged: line.quantityApproved! + 1, quantityAllocated: 0 })
				.where('id', '=', line.id)
				.execute()
		).rejects.toThrow(/check/i);

		// And back into a new SQLite database: identical to where it started.
		const back = await sqliteDb();
		await copyDatabase(postgres, back);
		await verifyCopy(source, back);
		const integrity = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(back);
		expect(integrity.rows).toEqual([{ integrityCheck: 'ok' }]);
	}, 120_000);

	it('refuses a target that already holds a program', async () => {
		const source = await sqliteDb();
		await source
			.insertInto('county')
			.values({ name: 'Source', province: '', createdAt: Date.now() })
			.execute();
		const { db: postgres } = await createPostgresTestDb();
		await postgres
			.insertInto('county')
			.values({ name: 'Already here', province: '', createdAt: Date.now() })
			.execute();
		await expect(copyDatabase(source, postgres)).rejects.toThrow(/not empty/);
	});
});
