import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogEvent } from 'kysely';

/**
 * Counts the queries one piece of work runs (a request, in the benchmark; a service call, in the
 * query-count tests), so a page that queries once per row shows it. Off unless asked for:
 * `SAPLING_BENCH=1` turns the count on for requests (hooks.server.ts sends it back in a header).
 */
const counter = new AsyncLocalStorage<{ queries: number; seen?: Seen[] }>();

/** A query as it was sent to the database. */
export interface Seen {
	sql: string;
	parameters: readonly unknown[];
}

/** Runs `work` and tells how many queries it ran (through the process database). */
export async function countQueries<T>(
	work: () => Promise<T>
): Promise<{ result: T; queries: number }> {
	const tally = { queries: 0 };
	const result = await counter.run(tally, work);
	return { result, queries: tally.queries };
}

/** Runs `work` and gives back every query it ran, as sent (for `EXPLAIN QUERY PLAN` tests). */
export async function captureQueries(work: () => Promise<unknown>): Promise<Seen[]> {
	const tally = { queries: 0, seen: [] as Seen[] };
	await counter.run(tally, work);
	return tally.seen;
}

/** Kysely's `log` hook: one more query for the work under way, if any is counting. */
export function logQuery(event: LogEvent): void {
	if (event.level === 'query') {
		const tally = counter.getStore();
		if (tally) tally.queries++;
		tally?.seen?.push({ sql: event.query.sql, parameters: event.query.parameters });
	}
}
