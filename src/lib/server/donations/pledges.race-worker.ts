// A separate app instance for pledges.race.test.ts: its own thread and connection to the test's
// database file. It waits at the start line, then covers the line at once: by pledges (a sponsor)
// or by allocating storeroom stock (a coordinator).
import { parentPort, workerData } from 'node:worker_threads';
import type { Actor } from '../access';
import { workerStart } from '../testing/race';
import * as pledges from './pledges';
import * as stock from './stock';

const { file, start, actor, lineId, itemId, quantity, attempts } = workerData as {
	file: string;
	start: SharedArrayBuffer;
	actor: Actor;
	lineId: number;
	/** With an item: allocate stock of it instead of pledging. */
	itemId?: number;
	quantity: number;
	attempts: number;
};
const cover = () =>
	itemId === undefined
		? pledges.create(actor, { lineId, quantity })
		: stock.allocate(actor, { itemId, requestLineId: lineId, quantity });

const instance = workerStart(file, start);
parentPort!.postMessage('ready');
instance.go().wait();
const results = await Promise.allSettled(Array.from({ length: attempts }, cover));
await instance.close();
parentPort!.postMessage(
	results.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as Error).constructor.name))
);
