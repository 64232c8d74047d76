import type SQLite from 'better-sqlite3';
import { engine, getSqlite } from '.';

/** How often a running portal brings the query planner's statistics up to date. */
export const REFRESH_INTERVAL_MS = 60 * 60_000;
/** Rows ANALYZE reads per index: approximate statistics, in milliseconds even on a large program. */
const ANALYSIS_LIMIT = 1000;

/**
 * SQLite chooses indexes by the statistics ANALYZE leaves in sqlite_stat1; without them it guesses,
 * and on a large program one guess made a list scan for 30 s while every other request waited.
 * `PRAGMA optimize` analyses the tables whose statistics are missing or out of date (SQLite's advice
 * for long-lived connections: with 0x10002 on opening, plain every few hours after).
 */
export function refreshStatistics(sqlite: SQLite.Database = getSqlite(), first = false): void {
	sqlite.pragma(`analysis_limit = ${ANALYSIS_LIMIT}`);
	sqlite.pragma(first ? 'optimize = 0x10002' : 'optimize');
}

let timer: ReturnType<typeof setInterval> | undefined;

/**
 * Refreshes now and then every hour, without keeping the process alive; once per process.
 * PostgreSQL's autovacuum keeps its statistics fresh itself.
 */
export function keepStatisticsFresh(): void {
	if (timer || engine() !== 'sqlite') return;
	const run = (first: boolean) => {
		try {
			refreshStatistics(getSqlite(), first);
		} catch (e) {
			console.error('refreshing the query statistics failed', e);
		}
	};
	run(true);
	timer = setInterval(() => run(false), REFRESH_INTERVAL_MS);
	timer.unref();
}
