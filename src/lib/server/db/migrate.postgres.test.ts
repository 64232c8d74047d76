import { sql, type Migration } from 'kysely';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '.';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations';
import { scratchDatabases } from '../testing/postgres-scratch';

// migrate.ts on PostgreSQL: the PostgreSQL half of migrate.test.ts (which is about SQLite's
// transactions). Run in the suite's PostgreSQL half only (vite.config.ts).

const scratch = scratchDatabases('m');
afterEach(() => scratch.dropAll());
afterAll(() => scratch.end());

/** A new database with nothing in it, as an operator creates one for a first start. */
const emptyDatabase = async () => (await scratch.create()).url;
/** A pool of its own to `url`: an app instance starting. */
const instance = (url: string) => scratch.open(url);

async function recorded(db: Db): Promise<string[]> {
	const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
	return rows.rows.map((r) => r.name).sort();
}

/** The tables and indexes of a database, with each table's columns. */
async function schemaOf(db: Db): Promise<string[]> {
	const columns = await sql<{ line: string }>`
		select table_name || '.' || column_name || ' ' || data_type as line
		from information_schema.columns where table_schema = 'public'`.execute(db);
	const indexes = await sql<{ line: string }>`
		select indexdef as line from pg_indexes where schemaname = 'public'`.execute(db);
	return [...columns.rows, ...indexes.rows].map((r) => r.line).sort();
}

const names = Object.keys(migrations).sort();

describe('migrations on PostgreSQL', () => {
	it('bring an empty database to the schema, and apply nothing the second time', async () => {
		const db = instance(await emptyDatabase());
		expect(await migrateToLatest(db)).toEqual(names);
		expect(await recorded(db)).toEqual(names);
		expect((await schemaOf(db)).length).toBeGreaterThan(100);
		const schema = await schemaOf(db);
		expect(await migrateToLatest(db)).toEqual([]);
		expect(await recorded(db)).toEqual(names);
		expect(await schemaOf(db)).toEqual(schema);
	});

	it('apply each pending migration once when two instances of a new version start at once', async () => {
		const url = await emptyDatabase();
		const [older, newer] = [names.slice(0, 4), names.slice(4)];
		await migrateToLatest(instance(url), Object.fromEntries(older.map((n) => [n, migrations[n]])));
		const [a, b] = [instance(url), instance(url)];
		const [byA, byB] = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
		// Between them, every pending migration once: none twice, none skipped, no error.
		expect([...byA, ...byB].sort()).toEqual(newer);
		expect(await recorded(a)).toEqual(names);
		const alone = instance(await emptyDatabase());
		await migrateToLatest(alone);
		expect(await schemaOf(a)).toEqual(await schemaOf(alone));
	});
});

describe('two instances started at the same instant on an empty database', () => {
	let outcomes: PromiseSettledResult<string[]>[];

	/** The migrators' connections that wait for a lock (the schema's, or the migrations' own). */
	async function waiting(database: string): Promise<number> {
		const { rows } = await (
			await scratch.admin()
		).query<{ n: number }>(
			`select count(*)::int as n from pg_stat_activity
			 where datname = $1 and application_name = 'sapling' and wait_event_type = 'Lock'`,
			[database]
		);
		return rows[0].n;
	}

	// Run to run, the two meet at a different point (about one run in five, they collide in the
	// first statements): here both are held at the same point, the schema locked by a transaction
	// that drops it, and let go together when it rolls back.
	beforeAll(async () => {
		const { name, url } = await scratch.create();
		const holder = new pg.Client({ connectionString: url });
		await holder.connect();
		try {
			await holder.query('begin');
			await holder.query('drop schema public cascade');
			const racing = Promise.allSettled([
				migrateToLatest(instance(url)),
				migrateToLatest(instance(url))
			]);
			await vi.waitFor(async () => expect(await waiting(name)).toBe(2), { timeout: 10_000 });
			await holder.query('rollback');
			outcomes = await racing;
		} finally {
			await holder.end();
		}
	});

	// PostgreSQL's `if not exists` does not hold against a concurrent create: unless the record's
	// tables are made under the migrations' lock, one instance fails to start (duplicate key value
	// violates unique constraint "pg_type_typname_nsp_index", or: type "kysely_migration" exists).
	it('both start, and every migration is applied once', async () => {
		expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
		const applied = outcomes.flatMap((o) => (o.status === 'fulfilled' ? o.value : []));
		expect(applied.sort()).toEqual(names);
	});
});

// A migration as the frozen ones are written: its statements in its own transaction.
const creates = (table: string): Migration => ({
	up: async (db) => {
		await db.transaction().execute(async (trx) => {
			await trx.schema.createTable(table).addColumn('id', 'integer').execute();
			await trx.schema.createIndex(`${table}_idx`).on(table).column('id').execute();
		});
	}
});

async function extras(db: Db) {
	const tables = await sql<{ name: string }>`
		select relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
		where n.nspname = 'public' and relname like 'extra%' order by relname`.execute(db);
	const records = await sql<{ name: string }>`
		select name from kysely_migration where name like '%extra%'`.execute(db);
	return { tables: tables.rows.map((r) => r.name), records: records.rows.map((r) => r.name) };
}

const failures: { how: string; migration: Migration; error: RegExp }[] = [
	{
		how: 'the code throws after its statements',
		migration: {
			up: async (db) => {
				await creates('extra').up(db);
				throw new Error('power cut');
			}
		},
		error: /power cut/
	},
	{
		how: 'its second statement is refused',
		migration: {
			up: async (db) => {
				await db.schema.createTable('extra').addColumn('id', 'integer').execute();
				await db.schema.createIndex('extra_idx').on('extra').column('id').execute();
				await db.schema.createTable('extra').addColumn('id', 'integer').execute();
			}
		},
		error: /already exists/
	}
];

describe('a migration and its record on PostgreSQL', () => {
	it.each(failures)(
		'commit together: when $how, neither is left, and the next start applies it once fixed',
		async ({ migration, error }) => {
			const db = instance(await emptyDatabase());
			await migrateToLatest(db);
			await expect(
				migrateToLatest(db, { ...migrations, '2099-01-01-extra': migration })
			).rejects.toThrow(error);
			expect(await extras(db)).toEqual({ tables: [], records: [] });

			expect(
				await migrateToLatest(db, { ...migrations, '2099-01-01-extra': creates('extra') })
			).toEqual(['2099-01-01-extra']);
			expect(await extras(db)).toEqual({
				tables: ['extra', 'extra_idx'],
				records: ['2099-01-01-extra']
			});
			expect(
				await migrateToLatest(db, { ...migrations, '2099-01-01-extra': creates('extra') })
			).toEqual([]);
		}
	);
});
