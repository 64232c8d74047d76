import net from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, inject, vi } from 'vitest';
import { setDb, type Db } from '../db';
import { createPostgresDb } from '../db/postgres';
import { dropWhenUnused, withDatabase } from './postgres';

/**
 * Empty databases on the test server, for tests that need one the template can't give (a first
 * migration, a restore), with pools of their own; `dropAll` closes the pools and drops them.
 */
export function scratchDatabases(prefix: string) {
	let client: pg.Client | undefined;
	let made = 0;
	const names: string[] = [];
	const pools: Db[] = [];

	async function admin(): Promise<pg.Client> {
		if (!client) {
			client = new pg.Client({ connectionString: inject('postgresUrl') });
			await client.connect();
		}
		return client;
	}

	/** How many connections the server still holds to `name`. */
	async function connections(name: string): Promise<number> {
		const { rows } = await (
			await admin()
		).query<{ n: number }>('select count(*)::int as n from pg_stat_activity where datname = $1', [
			name
		]);
		return rows[0].n;
	}

	return {
		admin,
		connections,

		/** A new, empty database (as `createdb` makes one): its name and URL. */
		async create(): Promise<{ name: string; url: string }> {
			const name = `${prefix}_${process.pid}_${++made}`;
			await (await admin()).query(`create database ${name}`);
			names.push(name);
			return { name, url: withDatabase(inject('postgresUrl'), name) };
		},

		/** A pool of its own to `url`, as one app instance opens. */
		open(url: string, max = 2): Db {
			const db = createPostgresDb(url, { max });
			pools.push(db);
			return db;
		},

		async dropAll(): Promise<void> {
			for (const db of pools.splice(0)) await db.destroy();
			for (const name of names.splice(0)) await dropWhenUnused(await admin(), name);
		},

		async end(): Promise<void> {
			await this.dropAll();
			await client?.end();
			client = undefined;
		}
	};
}

/** A port on this machine where nothing listens: a PostgreSQL server that is down. */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
	return port;
}

/**
 * Makes the database at `url` read-only for every connection opened from now on, as a standby is
 * after a failover. (Not `options` in the URL: that would replace the pool's own options.)
 */
export async function makeReadOnly(url: string): Promise<void> {
	const name = /^postgres(?:ql)?:\/\/[^/?]*\/([^?]+)/i.exec(url)?.[1];
	if (!name) throw new Error(`no database in ${url}`);
	const admin = new pg.Client({ connectionString: inject('postgresUrl') });
	await admin.connect();
	try {
		await admin.query(`alter database ${name} set default_transaction_read_only = on`);
	} finally {
		await admin.end();
	}
}

/**
 * Sets the process database to a pool of its own to a URL (as the portal opens DATABASE_URL), one
 * connection, closed when replaced and after each test, and waited for: the test's database is
 * dropped (with force) next, which would cut a connection still closing and log "connection
 * failed while idle".
 */
export function useProcessDatabase(): (url: string) => Promise<void> {
	let opened: Db | undefined;
	async function close(): Promise<void> {
		const db = opened;
		opened = undefined;
		if (!db) return;
		const pid = await sql<{ pid: number }>`select pg_backend_pid() as pid`
			.execute(db)
			.then(({ rows }) => rows[0].pid)
			.catch(() => undefined);
		await db.destroy();
		if (pid === undefined) return;
		const admin = new pg.Client({ connectionString: inject('postgresUrl') });
		await admin.connect();
		try {
			await vi.waitFor(async () => {
				const { rowCount } = await admin.query('select 1 from pg_stat_activity where pid = $1', [
					pid
				]);
				if (rowCount) throw new Error(`connection ${pid} is still closing`);
			});
		} finally {
			await admin.end();
		}
	}
	afterEach(close);
	return async (url) => {
		await close();
		opened = createPostgresDb(url, { max: 1 });
		setDb(opened);
	};
}
