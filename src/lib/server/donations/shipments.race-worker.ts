// A separate app instance for shipments.race.test.ts: its own thread and connection to the test's
// database file. It waits at the start line, then either sends shipments (a coordinator) or
// confirms a shipment line's receipt (a teacher), as often as it was asked.
import { parentPort, workerData } from 'node:worker_threads';
import type { Actor } from '../access';
import { workerStart } from '../testing/race';
import * as receipts from './receipts';
import * as shipments from './shipments';

const { file, start, actor, shipment, confirm, attempts } = workerData as {
	file: string;
	start: SharedArrayBuffer;
	actor: Actor;
	/** Send this shipment… */
	shipment?: shipments.ShipmentInput;
	/** …or confirm this line. */
	confirm?: { lineId: number; input: receipts.ConfirmInput };
	attempts: number;
};

export type Answer = { ok: true; number?: string } | { ok: false; error: string };

const attempt = async (): Promise<Answer> => {
	if (shipment) return { ok: true, number: (await shipments.create(actor, shipment)).number };
	await receipts.confirmLine(actor, confirm!.lineId, confirm!.input);
	return { ok: true };
};

const instance = workerStart(file, start);
parentPort!.postMessage('ready');
instance.go().wait();
const results = await Promise.allSettled(Array.from({ length: attempts }, attempt));
await instance.close();
parentPort!.postMessage(
	results.map((r): Answer =>
		r.status === 'fulfilled' ? r.value : { ok: false, error: (r.reason as Error).constructor.name }
	)
);
