import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDb, openSqlite, setDb, type Db } from '../db';
import { migrateToLatest } from '../db/migrate';
import { makeUser, TEST_PASSWORD } from '../testing/factories';
import { signIn } from './sign-in';
import { PAIR_THROTTLE, begin } from './throttle';

// Real parallel connections to one database file: several threads (app instances) and several
// connections in this one. Promise.all over a single connection would serialise and prove nothing.
describe('the throttle under parallel connections', () => {
	let dir: string;
	let file: string;
	let closers: (() => void)[];

	function connect(): Db {
		const sqlite = openSqlite(file);
		closers.push(() => sqlite.close());
		return createDb(sqlite);
	}

	beforeEach(async () => {
		dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-throttle-'));
		file = path.join(dir, 'race.db');
		closers = [];
		const sqlite = openSqlite(file);
		closers.push(() => sqlite.close());
		const db = createDb(sqlite);
		await migrateToLatest(db);
		setDb(db, sqlite);
		vi.spyOn(console, 'warn').mockImplementation(() => {});
	});
	afterEach(() => {
		for (const close of closers.reverse()) close();
		fs.rmSync(dir, { recursive: true, force: true });
		vi.restoreAllMocks();
	});

	function runWorker(
		start: SharedArrayBuffer,
		data: object
	): { ready: Promise<void>; done: Promise<string[]> } {
		// The worker is TypeScript: tsx compiles it (and what it imports) inside that thread.
		const entry = new URL('./sign-in.race-worker.ts', import.meta.url).href;
		const worker = new Worker(
			`import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`,
			{ eval: true, workerData: { file, start, ...data } }
		);
		let ready!: () => void;
		const isReady = new Promise<void>((resolve) => (ready = resolve));
		const done = new Promise<string[]>((resolve, reject) => {
			worker.on('message', (message) => (message === 'ready' ? ready() : resolve(message)));
			worker.on('error', reject);
			worker.on('exit', (code) => reject(new Error(`worker exited (${code}) before answering`)));
		});
		return { ready: isReady, done };
	}

	it('lets a burst from three threads through no more than the allowance; the owner elsewhere gets in', async () => {
		await makeUser('teacher', { username: 'raced' });
		const start = new SharedArrayBuffer(4);
		const workers = [0, 1, 2].map(() =>
			runWorker(start, { username: 'raced', address: '203.0.113.7', attempts: 10 })
		);
		await Promise.all(workers.map((w) => w.ready));
		Atomics.store(new Int32Array(start), 0, 1);
		Atomics.notify(new Int32Array(start), 0);
		const answers = (await Promise.all(workers.map((w) => w.done))).flat();

		expect(answers).toHaveLength(30);
		expect(answers.filter((a) => a === 'invalid')).toHaveLength(PAIR_THROTTLE.free);
		expect(answers.filter((a) => a === 'throttled')).toHaveLength(30 - PAIR_THROTTLE.free);
		// The guesser's address stays locked; the owner at another address signs in.
		expect(await signIn('raced', TEST_PASSWORD, '203.0.113.7')).toMatchObject({
			reason: 'throttled'
		});
		expect((await signIn('raced', TEST_PASSWORD, '198.51.100.1')).ok).toBe(true);
	}, 60_000);

	it('interleaves conditional writes on separate connections without losing a count', async () => {
		const connections = [connect(), connect(), connect()];
		const attempts = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				begin('interleaved', '192.0.2.9', connections[i % connections.length])
			)
		);
		expect(attempts.filter((a) => a.ok)).toHaveLength(PAIR_THROTTLE.free);
		const row = await connections[0]
			.selectFrom('signInThrottle')
			.select('failures')
			.where('key', 'like', 'pair:%')
			.executeTakeFirstOrThrow();
		expect(row.failures).toBe(PAIR_THROTTLE.free);
	});
});
