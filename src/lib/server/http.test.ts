import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RequestEvent } from '@sveltejs/kit';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { m } from '$lib/paraglide/messages.js';
import { createDb, getDb, openSqlite, setDb } from './db';
import { migrateToLatest } from './db/migrate';
import { guardedAction, guardedLoad } from './http';
import { addCounty, posted } from './testing/actions';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-http-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

async function migratedFile(name: string): Promise<string> {
	const file = path.join(dir, name);
	const db = createDb(openSqlite(file));
	await migrateToLatest(db);
	await db.destroy();
	return file;
}

describe('a form action when the portal cannot write', () => {
	it('answers 503 with the typed values and says so, on a read-only database', async () => {
		const sqlite = openSqlite(await migratedFile('readonly.db'), { readonly: true });
		setDb(createDb(sqlite), sqlite);
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const result = await addCounty(posted({ name: '勐海县', password: 'secret-typed' }));
		expect(result).toMatchObject({
			status: 503,
			data: { values: { name: '勐海县' }, errors: {}, message: m.error_storage() }
		});
		expect(JSON.stringify(result)).not.toContain('secret-typed');
		expect(String(log.mock.calls[0][0])).toContain('SQLITE_READONLY');
		sqlite.close();
	});

	it('logs SQLITE_FULL itself, not "cannot rollback", when the disk fills mid-transaction', async () => {
		const sqlite = openSqlite(await migratedFile('full.db'));
		const db = createDb(sqlite);
		setDb(db, sqlite);
		await sql`create table filler (x text)`.execute(db);
		const pages = sqlite.pragma('page_count', { simple: true }) as number;
		sqlite.pragma(`max_page_count = ${pages + 1}`);
		const fill = guardedAction(async () => {
			await getDb()
				.transaction()
				.execute(async (trx) => {
					for (let i = 0; i < 50; i++) {
						await sql`insert into filler values (${'x'.repeat(3000)})`.execute(trx);
					}
				});
		});
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const result = await fill(posted({ note: 'kept' }));
		expect(result).toMatchObject({ status: 503, data: { values: { note: 'kept' } } });
		const logged = log.mock.calls.flat().map(String).join('\n');
		expect(logged).toContain('SQLITE_FULL');
		expect(logged).not.toMatch(/cannot rollback/);
		sqlite.close();
	});

	it('still throws an error that is not about storage, as before', async () => {
		const broken = guardedAction(async () => {
			throw new TypeError('a bug');
		});
		await expect(broken(posted({}))).rejects.toThrow('a bug');
	});

	it('turns a storage failure in a load into a 503 page', async () => {
		vi.spyOn(console, 'error').mockImplementation(() => {});
		const load = guardedLoad(async () => {
			throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
		});
		await expect(load({} as RequestEvent)).rejects.toMatchObject({
			status: 503,
			body: { message: m.error_503() }
		});
	});
});
