import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach } from 'vitest';
import { createDb, openSqlite, setDb, type Db } from '../db';
import { migrateToLatest } from '../db/migrate';
import { createPostgresDb, isPostgresUrl } from '../db/postgres';
import { createPostgresTestDb, testEngine } from './postgres';

/**
 * Real parallel connections for race tests: a migrated database FILE (the process database for the
 * test), more connections to it, and worker threads that each open their own connection — separate
 * app instances, as on a server. Promise.all over one connection would serialise and prove nothing.
 * On PostgreSQL, `file` is the URL of the test's own database, and each worker opens a pool to it.
 */
export function useRaceDb(prefix: string) {
	const state = { dir: '', file: '', closers: [] as (() => void | Promise<void>)[] };
	beforeEach(async () => {
		state.closers = [];
		if (testEngine() === 'postgres') {
			const { db, url } = await createPostgresTestDb();
			state.file = url;
			setDb(db);
			return;
		}
		state.dir = fs.mkdtempSync(path.join(os.tmpdir(), `sapling-${prefix}-`));
		state.file = path.join(state.dir, 'race.db');
		const sqlite = openSqlite(state.file);
		state.closers.push(() => void sqlite.close());
		const db = createDb(sqlite);
		await migrateToLatest(db);
		setDb(db, sqlite);
	});
	afterEach(async () => {
		for (const close of state.closers.reverse()) await close();
		if (state.dir) fs.rmSync(state.dir, { recursive: true, force: true });
	});
	return {
		get file() {
			return state.file;
		},
		/** Another connection to the same database, closed after the test. */
		connect(): Db {
			if (isPostgresUrl(state.file)) {
				const db = createPostgresDb(state.file, { max: 1 });
				state.closers.push(() => db.destroy());
				return db;
			}
			const sqlite = openSqlite(state.file);
			state.closers.push(() => void sqlite.close());
			return createDb(sqlite);
		}
	};
}

/**
 * Starts a TypeScript worker (compiled by tsx in its own thread) with `workerData` plus the
 * database file and a shared start line; it posts 'ready', waits at the line, then its answer.
 */
export function runWorker<T>(
	entry: URL,
	file: string,
	start: SharedArrayBuffer,
	data: object
): { ready: Promise<void>; done: Promise<T> } {
	const href = entry.href;
	const worker = new Worker(
		`import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(href)}, ${JSON.stringify(href)}))`,
		{ eval: true, workerData: { file, start, ...data } }
	);
	let ready!: () => void;
	const isReady = new Promise<void>((resolve) => (ready = resolve));
	const done = new Promise<T>((resolve, reject) => {
		worker.on('message', (message) => (message === 'ready' ? ready() : resolve(message as T)));
		worker.on('error', reject);
		worker.on('exit', (code) => reject(new Error(`worker exited (${code}) before answering`)));
	});
	return { ready: isReady, done };
}

/** Starts every worker at the same moment and collects their answers. */
export async function race<T>(
	workers: { ready: Promise<void>; done: Promise<T> }[],
	start: SharedArrayBuffer
) {
	await Promise.all(workers.map((w) => w.ready));
	Atomics.store(new Int32Array(start), 0, 1);
	Atomics.notify(new Int32Array(start), 0);
	return Promise.all(workers.map((w) => w.done));
}

/** In a worker: open the test's database (a file, or a PostgreSQL URL), wait for the start line. */
export function workerStart(file: string, start: SharedArrayBuffer) {
	console.warn = () => {};
	const go = () => {
		const gate = new Int32Array(start);
		return { gate, wait: () => Atomics.wait(gate, 0, 0) };
	};
	if (isPostgresUrl(file)) {
		const db = createPostgresDb(file, { max: 4 });
		setDb(db);
		return { go, close: () => db.destroy() };
	}
	const sqlite = openSqlite(file);
	setDb(createDb(sqlite), sqlite);
	return { go, close: async () => sqlite.close() };
}
