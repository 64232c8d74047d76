// A separate app instance for throttle.race.test.ts: its own thread and its own connection to the
// test's database file. It waits at the start line, then sends its burst of sign-ins at once.
import { parentPort, workerData } from 'node:worker_threads';
import { createDb, openSqlite, setDb } from '../db';
import { signIn } from './sign-in';

const { file, start, username, address, attempts } = workerData as {
	file: string;
	start: SharedArrayBuffer;
	username: string;
	address: string;
	attempts: number;
};

console.warn = () => {};
const sqlite = openSqlite(file);
setDb(createDb(sqlite), sqlite);
const gate = new Int32Array(start);
parentPort!.postMessage('ready');
Atomics.wait(gate, 0, 0);
const results = await Promise.all(
	Array.from({ length: attempts }, (_, i) => signIn(username, `wrong ${i}`, address))
);
sqlite.close();
parentPort!.postMessage(results.map((r) => (r.ok ? 'ok' : r.reason)));
