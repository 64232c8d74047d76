import { describe, expect, it, vi } from 'vitest';
import { getDb } from '../db';
import { freshDbAt } from '../testing/clock';
import { makeUser } from '../testing/factories';
import { ABSOLUTE_LIFETIME_MS, INACTIVITY_TIMEOUT_MS, createSession } from './session';
import { signIn } from './sign-in';
import { SIGN_IN_FAILURE_RETENTION_MS, sweep } from './sweep';
import { PAIR_THROTTLE } from './throttle';

const DAY = 24 * 60 * 60_000;

describe('sweep', () => {
	freshDbAt('2026-11-01T00:00:00Z');

	const ids = async (table: 'session' | 'signInFailure') =>
		(await getDb().selectFrom(table).select('id').execute()).map((r) => r.id);
	const throttleKeys = async () =>
		(await getDb().selectFrom('signInThrottle').select('key').orderBy('key').execute()).map(
			(r) => r.key
		);

	it('prunes sessions past either limit and keeps live ones', async () => {
		const user = await makeUser('teacher');
		const start = Date.now();
		const idle = await createSession(user.id);
		const active = await createSession(user.id);
		// Active every day for almost the whole lifetime: only the absolute limit ends it.
		const old = await createSession(user.id);
		await getDb()
			.updateTable('session')
			.set({ lastVerifiedAt: start + ABSOLUTE_LIFETIME_MS - DAY })
			.where('id', 'in', [active.id, old.id])
			.execute();
		await getDb()
			.updateTable('session')
			.set({ createdAt: start + 2 * DAY })
			.where('id', '=', active.id)
			.execute();

		expect((await sweep(start + INACTIVITY_TIMEOUT_MS - 1)).sessions).toBe(0);
		expect(await ids('session')).toHaveLength(3);
		expect((await sweep(start + INACTIVITY_TIMEOUT_MS)).sessions).toBe(1);
		expect(await ids('session')).not.toContain(idle.id);
		expect((await sweep(start + ABSOLUTE_LIFETIME_MS)).sessions).toBe(1);
		expect(await ids('session')).toEqual([active.id]);
	});

	it('prunes failed sign-ins past retention', async () => {
		await signIn('nobody', 'x', '10.0.0.1');
		const first = Date.now();
		vi.setSystemTime(first + 10 * DAY);
		await signIn('nobody', 'y', '10.0.0.2');
		expect((await sweep(first + SIGN_IN_FAILURE_RETENTION_MS)).signInFailures).toBe(0);
		expect(await ids('signInFailure')).toHaveLength(2);
		expect((await sweep(first + SIGN_IN_FAILURE_RETENTION_MS + 1)).signInFailures).toBe(1);
		expect(await ids('signInFailure')).toHaveLength(1);
	});

	it('forgets throttle rows past their forget time, for names that exist or not, never a live lock', async () => {
		await makeUser('teacher', { username: 'real' });
		await signIn('real', 'wrong', '10.0.0.1');
		await signIn('ghost-name', 'wrong', '10.0.0.2');
		const keysBefore = await throttleKeys();
		expect(keysBefore).toHaveLength(6);
		expect((await sweep(Date.now() + PAIR_THROTTLE.forgetAfterMs - 1)).throttleRows).toBe(0);
		expect((await sweep(Date.now() + PAIR_THROTTLE.forgetAfterMs)).throttleRows).toBe(6);
		expect(await throttleKeys()).toEqual([]);

		// A row whose lock outlives its forget time stays until the lock has passed.
		await getDb()
			.insertInto('signInThrottle')
			.values({ key: 'pair:x y', failures: 9, lockedUntil: 5_000, updatedAt: 0, forgetAt: 1_000 })
			.execute();
		expect((await sweep(2_000)).throttleRows).toBe(0);
		expect((await sweep(5_000)).throttleRows).toBe(1);
	});
});
