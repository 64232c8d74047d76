import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Migration } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, getSqlite, openSqlite } from '../db';
import { createTestDb } from '../testing/db';
import { migrateToLatest } from './migrate';
import { migrations } from './migrations';

describe('migrations', () => {
	it('create every table as STRICT with foreign keys on', async () => {
		const db = await createTestDb();
		const tables = await sql<{ name: string; strict: number }>`
			select name, strict from pragma_table_list where schema = 'main' and name not like 'sqlite_%' and name not like 'kysely_%'`.execute(
			db
		);
		expect(tables.rows.length).toBeGreaterThanOrEqual(20);
		expect(tables.rows.filter((t) => t.strict !== 1)).toEqual([]);
		const fk = await sql<{ foreignKeys: number }>`pragma foreign_keys`.execute(db);
		expect(fk.rows[0].foreignKeys).toBe(1);
	});

	it('let the database refuse a pledge total above the approved quantity', async () => {
		const db = await createTestDb();
		const now = Date.now();
		const county = await db
			.insertInto('county')
			.values({ name: 'C', province: '', createdAt: now })
			.returning('id')
			.executeTakeFirstOrThrow();
		const school = await db
			.insertInto('school')
			.values({
				countyId: county.id,
				name: 'S',
				kind: 'primary',
				village: '',
				address: '',
				contactName: '',
				contactPhone: '',
				createdAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const user = await db
			.insertInto('user')
			.values({
				username: 'teach',
				displayName: 'T',
				role: 'teacher',
				schoolId: school.id,
				organisationId: null,
				grade: null,
				email: null,
				passwordHash: 'x',
				disabledAt: null,
				createdAt: now,
				createdBy: null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const request = await db
			.insertInto('supplyRequest')
			.values({
				schoolId: school.id,
				createdBy: user.id,
				purpose: 'p',
				neededBy: '2027-01-01',
				status: 'approved',
				submittedAt: null,
				reviewedAt: null,
				reviewedBy: null,
				deliveredAt: null,
				createdAt: now,
				updatedAt: now
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		const line = await db
			.insertInto('requestLine')
			.values({
				requestId: request.id,
				position: 1,
				catalogItemId: null,
				description: 'Books',
				quantityRequested: 10,
				quantityApproved: 5
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await expect(
			db.updateTable('requestLine').set({ quantityPledged: 6 }).where('id', '=', line.id).execute()
		).rejects.toThrow(/CHECK constraint failed/);
	});

	it('serve the unread count and the public thank-you list from indexes, without sorting', async () => {
		await createTestDb();
		const plan = (query: string, ...params: unknown[]) =>
			(
				getSqlite()
					.prepare(`explain query plan ${query}`)
					.all(...params) as { detail: string }[]
			)
				.map((p) => p.detail)
				.join(' | ');
		const unread = plan(
			'select count(*) as n from notification where user_id = ? and read_at is null',
			1
		);
		expect(unread).toMatch(/USING (COVERING )?INDEX notification_\w+_idx/);
		const newest = plan(
			'select id from notification where user_id = ? order by created_at desc, id desc limit 20',
			1
		);
		expect(newest).toMatch(/USING (COVERING )?INDEX notification_user_created_idx/);
		expect(newest).not.toMatch(/TEMP B-TREE/);
		// The list `thanks.list(null)` runs: public notes, newest first.
		const publicNotes = plan(
			`select n.id, n.body, school.name from thank_you_note as n
			 inner join school on school.id = n.school_id
			 left join shipment on shipment.id = n.shipment_id
			 where n.is_public = ? order by n.created_at desc, n.id desc limit 20 offset 0`,
			1
		);
		expect(publicNotes).toMatch(/SEARCH n USING INDEX thank_you_note_public_idx/);
		expect(publicNotes).not.toMatch(/TEMP B-TREE/);
		const byRequest = plan('select id from thank_you_note where request_id = ?', 1);
		expect(byRequest).toMatch(/USING (COVERING )?INDEX thank_you_note_request_idx/);
	});
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-migrate-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// A migration as the frozen ones are written: its statements in its own transaction.
const creates = (table: string): Migration => ({
	up: async (db) => {
		await db.transaction().execute(async (trx) => {
			await trx.schema.createTable(table).addColumn('id', 'integer').execute();
			await trx.schema.createIndex(`${table}_idx`).on(table).column('id').execute();
		});
	}
});

async function tablesAndRecords(file: string) {
	const sqlite = new (await import('better-sqlite3')).default(file, { readonly: true });
	const tables = sqlite
		.prepare(
			"select name from sqlite_master where type in ('table', 'index') and name like 'extra%'"
		)
		.all()
		.map((r) => (r as { name: string }).name);
	const records = sqlite
		.prepare("select name from kysely_migration where name like '%extra%'")
		.all()
		.map((r) => (r as { name: string }).name);
	expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
	sqlite.close();
	return { tables, records };
}

describe('a migration and its record', () => {
	it('commit together: a failure after the statements leaves neither, and the next start works', async () => {
		const file = path.join(dir, 'throws.db');
		const db = createDb(openSqlite(file));
		await migrateToLatest(db);
		const failing: Migration = {
			up: async (db) => {
				await creates('extra').up(db);
				throw new Error('power cut');
			}
		};
		await expect(
			migrateToLatest(db, { ...migrations, '2099-01-01-extra': failing })
		).rejects.toThrow('power cut');
		expect(await tablesAndRecords(file)).toEqual({ tables: [], records: [] });

		expect(
			await migrateToLatest(db, { ...migrations, '2099-01-01-extra': creates('extra') })
		).toEqual(['2099-01-01-extra']);
		expect(await tablesAndRecords(file)).toEqual({
			tables: ['extra', 'extra_idx'],
			records: ['2099-01-01-extra']
		});
		await db.destroy();
	});

	it('survive the process being killed between them', async () => {
		const file = path.join(dir, 'killed.db');
		const db = createDb(openSqlite(file));
		await migrateToLatest(db);
		await db.destroy();
		// The migration's own transaction commits, then the process dies before the record is written.
		const child = `
			import { createDb, openSqlite } from ${JSON.stringify(path.resolve('src/lib/server/db/index.ts'))};
			import { migrateToLatest } from ${JSON.stringify(path.resolve('src/lib/server/db/migrate.ts'))};
			import { migrations } from ${JSON.stringify(path.resolve('src/lib/server/db/migrations/index.ts'))};
			const db = createDb(openSqlite(process.argv[1]));
			const crashes = {
				up: async (db) => {
					await db.transaction().execute((trx) => trx.schema.createTable('extra').addColumn('id', 'integer').execute());
					process.kill(process.pid, 'SIGKILL');
					await new Promise(() => {});
				}
			};
			await migrateToLatest(db, { ...migrations, '2099-01-01-extra': crashes });
		`;
		const run = spawnSync(
			process.execPath,
			['--import', 'tsx', '--input-type=module', '-e', child, file],
			{ encoding: 'utf8' }
		);
		expect(run.signal).toBe('SIGKILL');
		expect(await tablesAndRecords(file)).toEqual({ tables: [], records: [] });

		const next = createDb(openSqlite(file));
		expect(
			await migrateToLatest(next, { ...migrations, '2099-01-01-extra': creates('extra') })
		).toEqual(['2099-01-01-extra']);
		expect((await tablesAndRecords(file)).records).toEqual(['2099-01-01-extra']);
		await next.destroy();
	});

	it('keep the table format Kysely made, and apply nothing twice', async () => {
		const db = await createTestDb();
		const rows = await sql<{ name: string; timestamp: string }>`
			select name, timestamp from kysely_migration order by name`.execute(db);
		expect(rows.rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
		for (const row of rows.rows) expect(new Date(row.timestamp).getTime()).toBeGreaterThan(0);
		expect(await migrateToLatest(db)).toEqual([]);
		await expect(migrateToLatest(db, {})).rejects.toThrow(/corrupted migrations/);
	});
});
