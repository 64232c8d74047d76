import { sql } from 'kysely';
import * as time from '../time';
import { getDb, type Db } from '../db';
import { RuleViolation } from '../errors';

/**
 * Password-check throttling, kept in the database so every app instance shares it. Each attempt is
 * counted before the password is checked, in one conditional write per key that refuses once the
 * key is locked, so parallel attempts cannot all slip through; a success gives its count back.
 *
 * Three keys per attempt, so that strangers cannot lock a person out:
 * - the (address, account) pair: the guesser. `free - 1` attempts freely; the `free`-th locks the
 *   pair for `baseDelayMs`, each one after that for twice as long, up to `maxDelayMs`; then 429.
 * - the address, across accounts: the same escalation with a wide allowance (a NAT's many users).
 * - the account, across addresses: a generous ceiling that only slows the answers, never refuses,
 *   so guesses from many addresses cannot keep the owner out.
 * Unknown account names are throttled exactly like real ones.
 */
export interface ThrottlePolicy {
	free: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** A key's count is forgotten this long after its last attempt. */
	forgetAfterMs: number;
}

export const PAIR_THROTTLE: ThrottlePolicy = {
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

/** Past `free` attempts an hour on one account, each answer waits (growing, capped); none refused. */
export const ACCOUNT_CEILING: ThrottlePolicy = {
	free: 100,
	baseDelayMs: 250,
	maxDelayMs: 5_000,
	forgetAfterMs: 60 * 60_000
};

/** The sign-in form's old name for the guesser's policy. */
export const ACCOUNT_THROTTLE = PAIR_THROTTLE;

/** A throttled password check, as a refusal at the form field that holds the password. */
export class TooManyAttempts extends RuleViolation {
	override readonly status = 429;
	constructor(
		message: string,
		field: string | undefined,
		readonly retryAfterMs: number
	) {
		super(message, field);
	}
}

export type Attempt =
	| { ok: true; slowDownMs: number; succeeded: () => Promise<void> }
	| { ok: false; retryAfterMs: number };

export const keys = {
	pair: (username: string, address: string) => `pair:${address} ${username}`,
	address: (address: string) => `address:${address}`,
	account: (username: string) => `account:${username}`
};

/** The delay after the `count`-th attempt: 0 before `free`, then base, doubling, capped. */
export function delayAfter(policy: ThrottlePolicy, count: number): number {
	const over = count - policy.free;
	return over < 0 ? 0 : Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(over, 40));
}

/**
 * Counts one attempt at a password for (username, address) before it is checked. Refused when the
 * pair or the address is locked; otherwise `slowDownMs` is how long to wait before checking (the
 * account's ceiling), and `succeeded()` must be called when the password was right.
 */
export async function begin(username: string, address: string, db = getDb()): Promise<Attempt> {
	const pair = keys.pair(username, address);
	const byAddress = keys.address(address);
	const account = keys.account(username);
	const now = time.now();

	if ((await count(db, pair, PAIR_THROTTLE, now, true)) === null) {
		return { ok: false, retryAfterMs: await lockedFor(db, pair, now) };
	}
	if ((await count(db, byAddress, ADDRESS_THROTTLE, now, true)) === null) {
		await giveBack(db, pair, PAIR_THROTTLE);
		return { ok: false, retryAfterMs: await lockedFor(db, byAddress, now) };
	}
	const onAccount = (await count(db, account, ACCOUNT_CEILING, now, false)) ?? 0;
	return {
		ok: true,
		slowDownMs: delayAfter(ACCOUNT_CEILING, onAccount),
		succeeded: async () => {
			// The right password forgives the pair; the address and the account get this attempt back.
			await db.deleteFrom('signInThrottle').where('key', '=', pair).execute();
			await giveBack(db, byAddress, ADDRESS_THROTTLE);
			await giveBack(db, account, ACCOUNT_CEILING);
		}
	};
}

/**
 * One conditional write: adds this attempt to the key's count (starting again once forgotten) and
 * sets the lock the new count earns, unless `refuseWhenLocked` and the key is locked now. The new
 * count, or null when refused. SQL only, no read-then-write: parallel connections can't overtake.
 */
async function count(
	db: Db,
	key: string,
	policy: ThrottlePolicy,
	now: number,
	refuseWhenLocked: boolean
): Promise<number | null> {
	const counted = sql<number>`(case when ${sql.ref('signInThrottle.forgetAt')} <= ${now} then 1 else ${sql.ref('signInThrottle.failures')} + 1 end)`;
	// Doubling as a shift: the smallest shift at which the delay reaches the cap is the cap.
	const capShift = Math.ceil(Math.log2(policy.maxDelayMs / policy.baseDelayMs));
	// Millisecond times are 64-bit (bigint): said so, since PostgreSQL types a bare parameter by
	// its neighbours, and the shift's count is a plain integer on both engines.
	const ms = (n: number) => sql<number>`cast(${n} as bigint)`;
	const lock = sql<number>`(case
		when ${counted} < ${policy.free} then ${ms(0)}
		when ${counted} - ${policy.free} >= ${capShift} then ${ms(now + policy.maxDelayMs)}
		else ${ms(now)} + ${ms(policy.baseDelayMs)} * (1 << cast(${counted} - ${policy.free} as integer)) end)`;
	const forgetAt = now + policy.forgetAfterMs;
	const row = await db
		.insertInto('signInThrottle')
		.values({
			key,
			failures: 1,
			lockedUntil: delayAfter(policy, 1) > 0 ? now + delayAfter(policy, 1) : 0,
			updatedAt: now,
			forgetAt
		})
		.onConflict((oc) => {
			const update = oc
				.column('key')
				.doUpdateSet({ failures: counted, lockedUntil: lock, updatedAt: now, forgetAt });
			return refuseWhenLocked ? update.where('signInThrottle.lockedUntil', '<=', now) : update;
		})
		.returning('failures')
		.executeTakeFirst();
	return row ? row.failures : null;
}

/** Takes one attempt back off a key's count, lifting the lock if it falls below the allowance. */
async function giveBack(db: Db, key: string, policy: ThrottlePolicy): Promise<void> {
	await db
		.updateTable('signInThrottle')
		.set({
			failures: sql`failures - 1`,
			lockedUntil: sql`case when failures - 1 < ${policy.free} then 0 else locked_until end`
		})
		.where('key', '=', key)
		.where('failures', '>', 0)
		.execute();
}

async function lockedFor(db: Db, key: string, now: number): Promise<number> {
	const row = await db
		.selectFrom('signInThrottle')
		.select('lockedUntil')
		.where('key', '=', key)
		.executeTakeFirst();
	// A refusal always found a lock; at least a second, should it have lapsed since.
	return Math.max(1_000, (row?.lockedUntil ?? 0) - now);
}

/** Rows past their forget time, locks lapsed: a throttle forgets them (for any name, real or not). */
export async function forgetOld(now: number, db = getDb()): Promise<number> {
	const result = await db
		.deleteFrom('signInThrottle')
		.where('forgetAt', '<=', now)
		.where('lockedUntil', '<=', now)
		.executeTakeFirst();
	return Number(result.numDeletedRows);
}
