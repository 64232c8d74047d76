// A separate app instance for throttle.race.test.ts: its own thread and its own connection to the
// test's database file. It waits at the start line, then sends its burst of sign-ins at once.
import { parentPort, workerData } from 'node:worker_threads';
import { workerStart } from '../testing/race';
import { signIn } from './sign-in';

const { file, start, username, address, attempts } = workerData as {
	file: string;
	start: SharedArrayBuffer;
	username: string;
	address: string;
	attempts: number;
};

const instance = workerStart(file, start);
parentPort!.postMessage('ready');
instance.go().wait();
const results = await Promise.all(
	Array.from({ length: attempts }, (_, i) => signIn(username, `wrong ${i}`, address))
);
await instance.close();
parentPort!.postMessage(results.map((r) => (r.ok ? 'ok' : r.reason)));
