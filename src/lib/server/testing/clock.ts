import { afterEach, beforeEach, onTestFinished, vi } from 'vitest';
import { createTestDb } from './db';
import { resetClock, setClock } from '../time';

/** Stops the program's clock at `ms` for the current test; it runs again when the test ends. */
export function useFakeClock(ms: number) {
	let current = ms;
	setClock(() => current);
	onTestFinished(resetClock);
	return {
		set(next: number) {
			current = next;
		},
		advance(by: number) {
			current += by;
		}
	};
}

/**
 * For a suite: each test on a fresh database with `Date` stopped at `iso` (advanced with
 * `vi.setSystemTime`), warnings silenced (failed sign-ins log one each).
 */
export function freshDbAt(iso: string) {
	beforeEach(async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date(iso));
		await createTestDb();
		vi.spyOn(console, 'warn').mockImplementation(() => {});
	});
	afterEach(() => {
		vi.useRealTimers();
		vi.restoreAllMocks();
	});
}
