import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, openSqlite } from '.';
import { migrateToLatest } from './migrate';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-db-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

describe('opening the database', () => {
	it('creates the file, its WAL and shared memory, and its directory for the owner only', async () => {
		const file = path.join(dir, 'new', 'sapling.db');
		const sqlite = openSqlite(file);
		const db = createDb(sqlite);
		await migrateToLatest(db);
		expect(fs.existsSync(`${file}-wal`)).toBe(true);
		expect(fs.existsSync(`${file}-shm`)).toBe(true);
		for (const name of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(name)).toBe(0o600);
		expect(modeOf(path.dirname(file))).toBe(0o700);
		await db.destroy();
	});

	it('takes the others’ access away from a database made world-readable before', () => {
		const file = path.join(dir, 'old.db');
		fs.writeFileSync(file, '');
		fs.chmodSync(file, 0o644);
		openSqlite(file).close();
		expect(modeOf(file)).toBe(0o600);
	});

	it('with mustExist, refuses a missing file instead of creating an empty database', () => {
		const file = path.join(dir, 'missing', 'nothing.db');
		expect(() => openSqlite(file, { mustExist: true })).toThrow(/open/);
		expect(fs.existsSync(file)).toBe(false);
		expect(fs.existsSync(path.dirname(file))).toBe(false);
	});
});

describe('a transaction SQLite undid itself', () => {
	it('fails with the real error (SQLITE_FULL), not "cannot rollback"', async () => {
		const sqlite = openSqlite(':memory:');
		const db = createDb(sqlite);
		await sql`create table filler (x text)`.execute(db);
		const pages = sqlite.pragma('page_count', { simple: true }) as number;
		sqlite.pragma(`max_page_count = ${pages + 2}`);
		const error = await db
			.transaction()
			.execute(async (trx) => {
				for (let i = 0; i < 100; i++) {
					await sql`insert into filler values (${'x'.repeat(2000)})`.execute(trx);
				}
			})
			.catch((e: unknown) => e);
		expect(error).toMatchObject({ code: 'SQLITE_FULL' });
		expect(sqlite.inTransaction).toBe(false);
		// The connection is still good for the next request.
		const count = await sql<{ n: number }>`select count(*) as n from filler`.execute(db);
		expect(count.rows[0].n).toBe(0);
		await db.destroy();
	});
});
