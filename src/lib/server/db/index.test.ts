import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, openSqlite, withStatementCache } from '.';
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

describe('prepared statements', () => {
	it('prepares each SQL text once, keeps at most the cache size, and still answers after a schema change', async () => {
		const sqlite = openSqlite(':memory:');
		const prepared: string[] = [];
		const prepare = sqlite.prepare.bind(sqlite);
		sqlite.prepare = ((source: string) => {
			prepared.push(source);
			return prepare(source);
		}) as typeof sqlite.prepare;
		const cache = withStatementCache(sqlite, 3);
		const db = createDb(sqlite);
		await sql`create table t (id integer primary key, v text)`.execute(db);
		for (const v of ['a', 'b', 'c']) await sql`insert into t (v) values (${v})`.execute(db);
		const read = () => sql<{ v: string }>`select v from t order by id`.execute(db);
		expect((await read()).rows.map((r) => r.v)).toEqual(['a', 'b', 'c']);
		await read();
		// One insert and one select prepared, each once, however often they ran.
		expect(prepared.filter((s) => s.startsWith('insert'))).toHaveLength(1);
		expect(prepared.filter((s) => s.startsWith('select'))).toHaveLength(1);
		// A reused statement sees a column added after it was prepared.
		await sql`alter table t add column w text default 'x'`.execute(db);
		await sql`create index t_v on t (v)`.execute(db);
		expect((await read()).rows).toHaveLength(3);
		// The cache itself: the least recently used text goes past its size.
		for (const n of [1, 2, 3, 4]) cache.prepare(`select ${n}`);
		expect(cache.cached()).toBe(3);
		cache.prepare('select 2');
		const before = prepared.length;
		cache.prepare('select 1');
		expect(prepared.length).toBe(before + 1);
		await db.destroy();
	});
});
