import type { RequestEvent } from '@sveltejs/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { m } from '$lib/paraglide/messages.js';
import { getDb, setDb } from './db';
import { guardedAction } from './http';
import { addCounty, listCounties, posted } from './testing/actions';
import { createPostgresTestDb } from './testing/postgres';
import { closedPort, makeReadOnly, useProcessDatabase } from './testing/postgres-scratch';

// A form action and a load when PostgreSQL can't take the write: the PostgreSQL half of
// http.test.ts (which makes SQLite's file read-only or full). Run in the suite's PostgreSQL half
// only (vite.config.ts).

afterEach(() => vi.restoreAllMocks());
/** The process database as a new pool to a URL, as the portal opens it from DATABASE_URL. */
const useDatabaseAt = useProcessDatabase();

const down = async () => `postgres://sapling@127.0.0.1:${await closedPort()}/sapling`;

describe('a form action when PostgreSQL cannot take the write', () => {
	it('saves when the server answers, and the failures below carry their codes', async () => {
		const { db, url } = await createPostgresTestDb();
		setDb(db);
		expect(await addCounty(posted({ name: '勐海县' }))).toEqual({ ok: true });
		expect(await listCounties({} as RequestEvent)).toMatchObject({
			counties: [{ name: '勐海县' }]
		});

		// What reaches http.ts from below: the codes it has to know.
		const write = () =>
			getDb().insertInto('county').values({ name: '景洪市', province: '', createdAt: 0 }).execute();
		await makeReadOnly(url);
		await useDatabaseAt(url);
		await expect(write()).rejects.toMatchObject({ code: '25006' });
		await useDatabaseAt(await down());
		await expect(write()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
	});

	// PostgreSQL's codes count as storage failures too (http.ts, STORAGE_CODES): not a 500 that
	// loses what was typed.
	it('answers 503 with the typed values when the server is down', async () => {
		await useDatabaseAt(await down());
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const result = await addCounty(posted({ name: '勐海县', password: 'secret-typed' }));
		expect(result).toMatchObject({
			status: 503,
			data: { values: { name: '勐海县' }, errors: {}, message: m.error_storage() }
		});
		expect(JSON.stringify(result)).not.toContain('secret-typed');
		expect(String(log.mock.calls[0][0])).toContain('ECONNREFUSED');
	});

	it('answers 503 with the typed values on a read-only server (a standby)', async () => {
		const { url } = await createPostgresTestDb();
		await makeReadOnly(url);
		await useDatabaseAt(url);
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const result = await addCounty(posted({ name: '勐海县' }));
		expect(result).toMatchObject({
			status: 503,
			data: { values: { name: '勐海县' }, message: m.error_storage() }
		});
		expect(String(log.mock.calls[0][0])).toContain('25006');
	});

	it('turns a load on a server that is down into a 503 page', async () => {
		await useDatabaseAt(await down());
		vi.spyOn(console, 'error').mockImplementation(() => {});
		await expect(listCounties({} as RequestEvent)).rejects.toMatchObject({
			status: 503,
			body: { message: m.error_503() }
		});
	});

	it('still throws a refusal of the data itself, which is not about storage', async () => {
		const { db } = await createPostgresTestDb();
		setDb(db);
		const log = vi.spyOn(console, 'error').mockImplementation(() => {});
		const orphanLine = guardedAction(async () => {
			await getDb()
				.insertInto('requestLine')
				.values({
					requestId: 999_999,
					position: 1,
					catalogItemId: null,
					description: 'Books',
					quantityRequested: 1,
					quantityApproved: null
				})
				.execute();
		});
		await expect(orphanLine(posted({}))).rejects.toMatchObject({ code: '23503' });
		expect(log).not.toHaveBeenCalled();
	});
});
