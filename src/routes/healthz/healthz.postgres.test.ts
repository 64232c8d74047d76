import { afterEach, describe, expect, it, vi } from 'vitest';
import { setDb } from '$lib/server/db';
import { createPostgresTestDb } from '$lib/server/testing/postgres';
import { closedPort, makeReadOnly, useProcessDatabase } from '$lib/server/testing/postgres-scratch';
import { GET } from './+server';

// /healthz on PostgreSQL: the PostgreSQL half of healthz.test.ts (which makes SQLite's files
// read-only or full). Run in the suite's PostgreSQL half only (vite.config.ts).

const call = () => GET({} as Parameters<typeof GET>[0]) as Promise<Response>;

afterEach(() => vi.restoreAllMocks());
/** The process database as a new pool to a URL, as the portal opens it from DATABASE_URL. */
const useDatabaseAt = useProcessDatabase();

describe('/healthz on PostgreSQL', () => {
	it('answers 200 with JSON when the database answers and takes writes', async () => {
		const { db } = await createPostgresTestDb();
		setDb(db);
		const response = await call();
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
	});

	it('answers 503 with JSON, at once, when nothing listens at the server address', async () => {
		await useDatabaseAt(`postgres://sapling@127.0.0.1:${await closedPort()}/sapling`);
		const started = performance.now();
		const response = await call();
		expect(performance.now() - started).toBeLessThan(5_000);
		expect(response.status).toBe(503);
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(await response.json()).toEqual({
			status: 'error',
			ok: false,
			database: 'unavailable'
		});
	});

	it('answers 503 {"writes":"failing"} on a read-only server (a standby), though reads work', async () => {
		const { url } = await createPostgresTestDb();
		await makeReadOnly(url);
		await useDatabaseAt(url);
		const error = vi.spyOn(console, 'error').mockImplementation(() => {});
		const response = await call();
		expect(response.status).toBe(503);
		expect(await response.json()).toEqual({
			status: 'error',
			ok: false,
			database: 'ok',
			writes: 'failing',
			reason: '25006' // read_only_sql_transaction
		});
		expect(String(error.mock.calls[0]?.[0])).toContain('writes are failing (25006)');
	});
});
