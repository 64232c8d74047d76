import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb, openSqlite } from '.';
import { migrateToLatest } from './migrate';
import { backupTo } from './backup';

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
});
