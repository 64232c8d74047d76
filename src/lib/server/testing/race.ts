import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach } from 'vitest';
import { createDb, openSqlite, setDb, type Db } from '../db';
import { migrateToLatest } from '../db/migrate';

/**
 * Real parallel connections for race tests: a migrated database FILE (the process database for the
 * test), more connections to it, and worker threads that each open their own connection — separate
 * app instances, as on a server. Promise.all over one connection would serialise and prove nothing.
 */
export function useRaceDb(prefix: string) {
	const state = { dir: '', file: '', closers: [] as (() => void)[] };
	beforeEach(async () => {
		state.dir = fs.mkdtempSync(path.join(os.tmpdir(), `sapling-${prefix}-`));
		state.file = path.join(state.dir, 'race.db');
		state.closers = [];
		const sqlite = openSqlite(state.file);
		state.closers.push(() => sqlite.close());
		const db = createDb(sqlite);
		await migrateToLatest(db);
		setDb(db, sqlite);
	});
	afterEach(() => {
		for (const close of state.closers.reverse()) close();
		fs.rmSync(state.dir, { recursive: true, force: true });
	});
	return {
		get file() {
			return state.file;
		},
		/** Another connection to the same file, closed after the test. */
		connect(): Db {
			const sqlite = openSqlite(state.file);
			state.closers.push(() => sqlite.close());
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

/** In a worker: open the test's database, say ready, wait for the start line. */
export function workerStart(file: string, start: SharedArrayBuffer) {
	console.warn = () => {};
	const sqlite = openSqlite(file);
	setDb(createDb(sqlite), sqlite);
	return {
		go() {
			const gate = new Int32Array(start);
			return { gate, wait: () => Atomics.wait(gate, 0, 0) };
		},
		close: () => sqlite.close()
	};
}
