import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDb, openSqlite, setDb } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { createTestDb } from '$lib/server/testing/db';
import { GET } from './+server';

const call = () => GET({} as Parameters<typeof GET>[0]) as Promise<Response>;

describe('/healthz', () => {
	it('answers 200 with JSON when the database answers', async () => {
		await createTestDb();
		const response = await call();
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
	});

	it('answers 503 when the database does not', async () => {
		const sqlite = openSqlite(':memory:');
		const db = createDb(sqlite);
		setDb(db, sqlite);
		sqlite.close();
		const response = await call();
		expect(response.status).toBe(503);
		expect(await response.json()).toMatchObject({ status: 'error' });
	});
});

describe('/healthz when writes fail', () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-healthz-'));
	afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

	async function fileDb(name: string) {
		const file = path.join(dir, name);
		const db = createDb(openSqlite(file));
		await migrateToLatest(db);
		await db.destroy();
		return file;
	}

	it('answers 503 {"ok":false,"writes":"failing"} on a read-only database, though reads work', async () => {
		const sqlite = openSqlite(await fileDb('readonly.db'), { readonly: true });
		setDb(createDb(sqlite), sqlite);
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		const response = await call();
		expect(response.status).toBe(503);
		expect(await response.json()).toMatchObject({
			ok: false,
			database: 'ok',
			writes: 'failing',
			reason: 'SQLITE_READONLY'
		});
		expect(error).toHaveBeenCalled();
		error.mockRestore();
		sqlite.close();
	});

	it('answers 503 when the disk is full, and 200 on the same file with room to spare', async () => {
		const sqlite = openSqlite(await fileDb('full.db'));
		setDb(createDb(sqlite), sqlite);
		expect((await call()).status).toBe(200);
		const statfs = vi
			.spyOn(fsp, 'statfs')
			.mockResolvedValue({ bavail: 10, bsize: 4096 } as Awaited<ReturnType<typeof fsp.statfs>>);
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		const response = await call();
		expect(response.status).toBe(503);
		expect(await response.json()).toMatchObject({ ok: false, writes: 'failing' });
		statfs.mockRestore();
		error.mockRestore();
		sqlite.close();
	});
});
