import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findBinaries } from '../../../../scripts/pg-cluster.js';
import { setDb, type Db } from '.';
import { makeApprovedRequest } from '../testing/donations';
import { makeShippingWorld, allocateStock, makePledge } from '../testing/shipping';
import { createPostgresTestDb, withDatabase } from '../testing/postgres';
import { closedPort, scratchDatabases } from '../testing/postgres-scratch';

// `npm run db:backup` on PostgreSQL is pg_dump's custom format (scripts/backup.ts): the PostgreSQL
// half of backup.test.ts. Run in the suite's PostgreSQL half only (vite.config.ts).

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-pg-backup-'));
const scratch = scratchDatabases('restored');
afterAll(async () => {
	await scratch.end();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** `npm run db:backup -- FILE` with DATABASE_URL set, as an operator runs it. */
function backup(url: string, file: string) {
	return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', file], {
		encoding: 'utf8',
		env: { ...process.env, DATABASE_URL: url }
	});
}

/** A small program, made the way people make one: schools, accounts, requests, pledges, stock. */
async function demoLikeProgram(): Promise<{ db: Db; url: string }> {
	const { db, url } = await createPostgresTestDb();
	setDb(db);
	const world = await makeShippingWorld();
	const { lineIds } = await makeApprovedRequest({
		teacher: world.teacherA,
		lines: [{ approved: 8 }, { approved: 5, requested: 9 }, { approved: 0 }]
	});
	await makeApprovedRequest({ teacher: world.teacherB, status: 'submitted' });
	await makePledge(lineIds[0], world.sponsor.organisationId!, world.sponsor.id, 3);
	await makePledge(lineIds[1], world.otherSponsor.organisationId!, world.otherSponsor.id, 5);
	await allocateStock(lineIds[0], world.book, 2, world.coordinator.id);
	return { db, url };
}

/** Every row of every table (the migration records too), in an order independent of the engine's. */
async function everyRow(db: Db): Promise<Record<string, unknown[]>> {
	const raw = db.withoutPlugins();
	const tables = await sql<{ name: string }>`
		select table_name as name from information_schema.tables
		where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(raw);
	const rows: Record<string, unknown[]> = {};
	for (const { name } of tables.rows) {
		const result = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(
			raw
		);
		rows[name] = result.rows
			.map((row) => ({ row, key: JSON.stringify(row) }))
			.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
			.map(({ row }) => row);
	}
	return rows;
}

/** The checks, keys and indexes of the schema, as PostgreSQL itself states them. */
async function guards(db: Db): Promise<string[]> {
	const constraints = await sql<{ line: string }>`
		select conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(c.oid) as line
		from pg_constraint c join pg_namespace n on n.oid = c.connamespace
		where n.nspname = 'public'`.execute(db);
	const indexes = await sql<{ line: string }>`
		select indexdef as line from pg_indexes where schemaname = 'public'`.execute(db);
	return [...constraints.rows, ...indexes.rows].map((r) => r.line).sort();
}

/** pg_restore from the server's own installation (beside its initdb, through any symlink). */
function pgRestore(): string {
	const initdb = path.join(findBinaries() ?? '', 'initdb');
	const beside = path.join(path.dirname(fs.realpathSync(initdb)), 'pg_restore');
	return fs.existsSync(beside) ? beside : 'pg_restore';
}

describe('db:backup on PostgreSQL', () => {
	let source: Db;
	let restored: Db;
	let file: string;
	let run: ReturnType<typeof backup>;

	beforeAll(async () => {
		const program = await demoLikeProgram();
		source = program.db;
		file = path.join(dir, 'sapling.dump');
		run = backup(program.url, file);
		const target = (await scratch.create()).url;
		const restore = spawnSync(pgRestore(), ['--exit-on-error', `--dbname=${target}`, file], {
			encoding: 'utf8'
		});
		if (restore.status !== 0) {
			throw new Error(`pg_restore failed: ${restore.error?.message ?? restore.stderr}`);
		}
		restored = scratch.open(target);
	}, 60_000);

	it('says where it backed up to, without the password, and exits 0', () => {
		expect(run.status).toBe(0);
		expect(run.stdout).toMatch(
			/Backed up PostgreSQL at .* to .*sapling\.dump \(pg_restore reads it\)/
		);
	});

	it('restores into an empty database with every row of every table as it was', async () => {
		const before = await everyRow(source);
		expect(before.request_line.length).toBeGreaterThanOrEqual(4);
		expect(before.pledge).toHaveLength(2);
		expect(before.stock_movement.length).toBeGreaterThan(0);
		expect(before.user.length).toBeGreaterThanOrEqual(7);
		expect(before.kysely_migration.length).toBeGreaterThan(0);
		expect(await everyRow(restored)).toEqual(before);
	});

	it('restores the checks, keys and indexes, and the database still enforces them', async () => {
		const schema = await guards(source);
		expect(schema.filter((g) => / CHECK /.test(g)).length).toBeGreaterThan(10);
		expect(await guards(restored)).toEqual(schema);

		const line = await restored
			.selectFrom('requestLine')
			.select(['id', 'quantityApproved'])
			.where('quantityApproved', '>', 0)
			.orderBy('id')
			.executeTakeFirstOrThrow();
		await expect(
			restored
				.updateTable('requestLine')
				.set({ quantityShipped: -1 })
				.where('id', '=', line.id)
				.execute()
		).rejects.toThrow(/check/i);
		await expect(
			restored
				.updateTable('requestLine')
				.set({ quantityPledged: line.quantityApproved! + 1 })
				.where('id', '=', line.id)
				.execute()
		).rejects.toThrow(/check/i);

		const user = await restored.selectFrom('user').selectAll().executeTakeFirstOrThrow();
		await expect(
			restored
				.insertInto('user')
				.values({ ...user, id: undefined, displayName: 'Twin' })
				.execute()
		).rejects.toThrow(/unique|duplicate/i);
		await expect(
			restored
				.insertInto('school')
				.values({
					countyId: 999_999,
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

	it('lets the restored program go on: new rows get ids after the restored ones', async () => {
		const highest = await source
			.selectFrom('county')
			.select((eb) => eb.fn.max('id').as('id'))
			.executeTakeFirstOrThrow();
		const county = await restored
			.insertInto('county')
			.values({ name: 'After the restore', province: '', createdAt: Date.now() })
			.returning('id')
			.executeTakeFirstOrThrow();
		expect(county.id).toBeGreaterThan(Number(highest.id));
	});

	// pg_dump alone writes with the umask's mode (0644): every local user could read the hashes.
	it('is owner-only: it holds password hashes', () => {
		expect(fs.statSync(file).mode & 0o777).toBe(0o600);
	});
});

describe('db:backup of a PostgreSQL database that is not there', () => {
	const cases: { what: string; url: () => Promise<string>; says: RegExp }[] = [
		{
			what: 'a server that does not answer',
			url: async () => `postgres://sapling:secret-pw@127.0.0.1:${await closedPort()}/sapling`,
			says: /Cannot back up postgres:\/\/sapling:\*\*\*@127\.0\.0\.1:\d+\/sapling: connect ECONNREFUSED/
		},
		{
			what: 'a database that does not exist',
			url: async () => withDatabase(inject('postgresUrl'), 'no_such_database'),
			says: /database "no_such_database" does not exist/
		},
		{
			what: 'a database that is not Sapling’s (a wrong name in DATABASE_URL)',
			url: async () => (await scratch.create()).url,
			says: /is not a Sapling database \(it has no migrations\)/
		}
	];
	const runs = new Map<string, { run: ReturnType<typeof backup>; fresh: string; kept: string }>();

	beforeAll(async () => {
		for (const [i, c] of cases.entries()) {
			const url = await c.url();
			const fresh = path.join(dir, `missing-${i}.dump`);
			// An earlier, good backup under the same name: a failed run must not destroy it.
			const kept = path.join(dir, `earlier-${i}.dump`);
			fs.writeFileSync(kept, 'the backup of last night');
			backup(url, kept);
			runs.set(c.what, { run: backup(url, fresh), fresh, kept });
		}
	}, 60_000);

	it.each(cases)('fails with a clear message and exit 1 for $what', ({ what, says }) => {
		const { run } = runs.get(what)!;
		expect(run.status).toBe(1);
		expect(run.stderr).toMatch(says);
		expect(run.stderr).toMatch(/^Backup failed: Cannot back up /);
		expect(run.stderr + run.stdout).not.toContain('secret-pw');
		expect(run.stdout).not.toMatch(/Backed up/);
	});

	// pg_dump opens --file before it connects: written straight there, a failed run would leave an
	// empty file that looks like a backup, and truncate an earlier backup of the same name.
	it.each(cases)('leaves no file, and an earlier backup as it was, for $what', ({ what }) => {
		const { fresh, kept } = runs.get(what)!;
		expect(fs.readFileSync(kept, 'utf8')).toBe('the backup of last night');
		expect(fs.existsSync(fresh)).toBe(false);
	});
});
