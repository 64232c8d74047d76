import { getDb } from '../db';
import * as time from '../time';
import { ABSOLUTE_LIFETIME_MS, INACTIVITY_TIMEOUT_MS } from './session';
import * as throttle from './throttle';

/** Failed sign-ins are kept this long for looking into an incident, then pruned. */
export const SIGN_IN_FAILURE_RETENTION_MS = 90 * 24 * 60 * 60_000;
export const SWEEP_INTERVAL_MS = 60 * 60_000;

export interface Swept {
	sessions: number;
	signInFailures: number;
	throttleRows: number;
}

/**
 * Prunes what no one will look at again: sessions past either limit (validation deletes them only
 * when their cookie comes back), failed sign-ins past retention, and throttle rows past their forget
 * time, whether or not the name they count exists.
 */
export async function sweep(now: number): Promise<Swept> {
	const db = getDb();
	const sessions = await db
		.deleteFrom('session')
		.where((eb) =>
			eb.or([
				eb('lastVerifiedAt', '<=', now - INACTIVITY_TIMEOUT_MS),
				eb('createdAt', '<=', now - ABSOLUTE_LIFETIME_MS)
			])
		)
		.executeTakeFirst();
	const failures = await db
		.deleteFrom('signInFailure')
		.where('at', '<', now - SIGN_IN_FAILURE_RETENTION_MS)
		.executeTakeFirst();
	return {
		sessions: Number(sessions.numDeletedRows),
		signInFailures: Number(failures.numDeletedRows),
		throttleRows: await throttle.forgetOld(now, db)
	};
}

let timer: ReturnType<typeof setInterval> | undefined;

/** Sweeps now and then every hour, without keeping the process alive; once per process. */
export function startSweeping(): void {
	if (timer) return;
	const run = () => sweep(time.now()).catch((e: unknown) => console.error('sweep failed', e));
	void run();
	timer = setInterval(run, SWEEP_INTERVAL_MS);
	timer.unref();
}
