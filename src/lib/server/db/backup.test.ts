import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, openSqlite } from '.';
import { migrateToLatest } from './migrate';
import { backupFile, backupTo } from './backup';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-backup-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Another process writes as fast as it can, like the running portal would.
const WRITER = `
const SQLite = require('better-sqlite3');
const db = new SQLite(process.argv[1]);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare("insert into audit_log (subject, subject_id, action, at) values ('load', ?, 'write', ?)");
const many = db.transaction((n) => { for (let i = 0; i < 50; i++) insert.run(n * 50 + i, Date.now()); });
const until = Date.now() + Number(process.argv[2]);
let n = 0;
while (Date.now() < until) many(n++);
console.log(n * 50);
`;

describe('online backup', () => {
	it('taken while another process writes, restores to a database that passes integrity_check', async () => {
		const file = path.join(dir, 'live.db');
		const sqlite = openSqlite(file);
		const db = createDb(sqlite);
		await migrateToLatest(db);

		const writer = spawn(process.execPath, ['-e', WRITER, file, '2500'], { cwd: process.cwd() });
		let written = '';
		writer.stdout.on('data', (d) => (written += d));
		const finished = new Promise<number>((resolve) =>
			writer.on('exit', (code) => resolve(code ?? 1))
		);

		await new Promise((r) => setTimeout(r, 300));
		const copies: string[] = [];
		for (let i = 0; i < 3; i++) {
			const copy = path.join(dir, `copy-${i}.db`);
			await backupTo(sqlite, copy);
			copies.push(copy);
			await new Promise((r) => setTimeout(r, 200));
		}
		expect(await finished).toBe(0);
		expect(Number(written)).toBeGreaterThan(0);

		let previous = -1;
		for (const copy of copies) {
			const restored = new SQLite(copy, { readonly: true });
			expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
			const rows = restored.prepare('select count(*) as n from audit_log').get() as { n: number };
			// Each copy is a consistent snapshot: whole batches of 50, growing over time.
			expect(rows.n % 50).toBe(0);
			expect(rows.n).toBeGreaterThanOrEqual(previous);
			previous = rows.n;
			restored.close();
		}
		expect(previous).toBeGreaterThan(0);
		await db.destroy();
	});

	it('refuses to overwrite the live database', async () => {
		const file = path.join(dir, 'self.db');
		const sqlite = openSqlite(file);
		await expect(backupTo(sqlite, file)).rejects.toThrow(/another file/);
		sqlite.close();
	});

	it('makes an owner-only copy: it holds password hashes', async () => {
		const file = path.join(dir, 'source.db');
		const db = createDb(openSqlite(file));
		await migrateToLatest(db);
		await db.destroy();
		const copy = path.join(dir, 'owner-only.db');
		await backupFile(file, copy);
		expect(fs.statSync(copy).mode & 0o777).toBe(0o600);
		const restored = new SQLite(copy, { readonly: true });
		expect(restored.prepare('select count(*) as n from kysely_migration').get()).toMatchObject({
			n: expect.any(Number)
		});
		restored.close();
	});
});

describe('a backup of a database that is not there', () => {
	it('refuses a missing file and creates neither it nor a copy', async () => {
		const missing = path.join(dir, 'typo', 'sapling.db');
		const copy = path.join(dir, 'from-missing.db');
		await expect(backupFile(missing, copy)).rejects.toThrow(/no database at .*DATABASE_PATH/);
		expect(fs.existsSync(missing)).toBe(false);
		expect(fs.existsSync(path.dirname(missing))).toBe(false);
		expect(fs.existsSync(copy)).toBe(false);
	});

	it('refuses a file that is not a Sapling database, and leaves it as it was', async () => {
		const other = path.join(dir, 'other.db');
		fs.writeFileSync(other, '');
		const copy = path.join(dir, 'from-other.db');
		await expect(backupFile(other, copy)).rejects.toThrow(/not a Sapling database/);
		expect(fs.statSync(other).size).toBe(0);
		expect(fs.existsSync(copy)).toBe(false);
	});

	it('makes `npm run db:backup` say so and exit non-zero', () => {
		const missing = path.join(dir, 'nowhere', 'sapling.db');
		const copy = path.join(dir, 'script-copy.db');
		const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', copy], {
			encoding: 'utf8',
			env: { ...process.env, DATABASE_PATH: missing }
		});
		expect(run.status).toBe(1);
		expect(run.stderr).toMatch(/Backup failed: There is no database at .*nowhere/);
		expect(run.stdout).not.toMatch(/Backed up/);
		expect(fs.existsSync(missing)).toBe(false);
		expect(fs.existsSync(copy)).toBe(false);
	});
});
