import { describe, expect, it } from 'vitest';
import { createDb, openSqlite, setDb } from '$lib/server/db';
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
