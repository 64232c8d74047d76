import { getDb } from '../db';

/**
 * Sign-in throttling, kept in the database so every app instance sees it. A key (an account
 * name or a client address) may fail `free - 1` times in a row freely; the `free`-th failure locks
 * it for `baseDelayMs`, and each failure after that for twice as long as the last, up to `maxDelayMs`. Unknown account names are throttled exactly like real ones.
 */
export interface ThrottlePolicy {
	free: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Failures older than this are forgotten. */
	forgetAfterMs: number;
}

export const ACCOUNT_THROTTLE: ThrottlePolicy = {
	free: 5,
	baseDelayMs: 1_000,
	maxDelayMs: 15 * 60_000,
	forgetAfterMs: 60 * 60_000
};

// A school's teachers may share one address (a village's one connection, a NAT): a wider allowance
// before the delays begin, configurable for larger shared networks.
export const ADDRESS_THROTTLE: ThrottlePolicy = {
	free: Number(process.env.SIGN_IN_ADDRESS_ALLOWANCE) || 50,
	baseDelayMs: 1_000,
	maxDelayMs: 15 * 60_000,
	forgetAfterMs: 60 * 60_000
};

/** Milliseconds until the key may try again; 0 when it may try now. */
export async function retryAfter(key: string): Promise<number> {
	const row = await getDb()
		.selectFrom('signInThrottle')
		.select('lockedUntil')
		.where('key', '=', key)
		.executeTakeFirst();
	return row ? Math.max(0, row.lockedUntil - Date.now()) : 0;
}

export async function recordFailure(key: string, policy: ThrottlePolicy): Promise<void> {
	const now = Date.now();
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const row = await trx
				.selectFrom('signInThrottle')
				.select(['failures', 'updatedAt'])
				.where('key', '=', key)
				.executeTakeFirst();
			const previous = row && now - row.updatedAt < policy.forgetAfterMs ? row.failures : 0;
			const failures = previous + 1;
			const over = failures - policy.free;
			const lockedUntil =
				over >= 0 ? now + Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** over) : 0;
			await trx
				.insertInto('signInThrottle')
				.values({ key, failures, lockedUntil, updatedAt: now })
				.onConflict((oc) => oc.column('key').doUpdateSet({ failures, lockedUntil, updatedAt: now }))
				.execute();
		});
}

export async function reset(key: string): Promise<void> {
	await getDb().deleteFrom('signInThrottle').where('key', '=', key).execute();
}
