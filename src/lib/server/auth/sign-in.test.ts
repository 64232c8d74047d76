import { describe, expect, it, vi } from 'vitest';
import { freshDbAt } from '../testing/clock';
import { makeUser, TEST_PASSWORD } from '../testing/factories';
import { getDb } from '../db';
import { signIn } from './sign-in';
import { ACCOUNT_CEILING, ACCOUNT_THROTTLE, ADDRESS_THROTTLE, keys } from './throttle';

describe('sign-in', () => {
	freshDbAt('2026-11-01T00:00:00Z');

	it('signs in by username, ignoring case and full-width letters', async () => {
		const user = await makeUser('student', { username: 'xiaoyu' });
		const result = await signIn('ＸiaoYu', TEST_PASSWORD, '10.0.0.1');
		expect(result.ok && result.session.userId).toBe(user.id);
	});

	it('answers a wrong password and an unknown user alike, and logs both', async () => {
		await makeUser('teacher', { username: 'liming' });
		const wrong = await signIn('liming', 'wrong password', '10.0.0.1');
		const unknown = await signIn('nobody', 'wrong password', '10.0.0.1');
		expect(wrong).toEqual({ ok: false, reason: 'invalid' });
		expect(unknown).toEqual({ ok: false, reason: 'invalid' });
		const log = await getDb()
			.selectFrom('signInFailure')
			.select(['username', 'reason', 'clientAddress'])
			.execute();
		expect(log).toEqual([
			{ username: 'liming', reason: 'password', clientAddress: '10.0.0.1' },
			{ username: 'nobody', reason: 'unknown', clientAddress: '10.0.0.1' }
		]);
	});

	it('refuses a disabled account with the same answer', async () => {
		const user = await makeUser('teacher', { username: 'gone' });
		await getDb()
			.updateTable('user')
			.set({ disabledAt: Date.now() })
			.where('id', '=', user.id)
			.execute();
		expect(await signIn('gone', TEST_PASSWORD, '10.0.0.1')).toEqual({
			ok: false,
			reason: 'invalid'
		});
	});

	it('throttles a guesser (one address, one account) with escalating delays, then lets the right password in again', async () => {
		await makeUser('teacher', { username: 'target' });
		for (let i = 1; i < ACCOUNT_THROTTLE.free; i++) {
			expect((await signIn('target', `guess ${i}`, '10.0.0.1')).ok).toBe(false);
		}
		await signIn('target', 'guess 5', '10.0.0.1');
		// Locked now: even the right password is refused from there until the delay passes.
		const locked = await signIn('target', TEST_PASSWORD, '10.0.0.1');
		expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
		const firstDelay =
			locked.ok === false && locked.reason === 'throttled' ? locked.retryAfterMs : 0;
		expect(firstDelay).toBe(ACCOUNT_THROTTLE.baseDelayMs);

		vi.setSystemTime(Date.now() + firstDelay);
		await signIn('target', 'guess 6', '10.0.0.1');
		const again = await signIn('target', TEST_PASSWORD, '10.0.0.1');
		expect(again).toMatchObject({
			ok: false,
			reason: 'throttled',
			retryAfterMs: 2 * ACCOUNT_THROTTLE.baseDelayMs
		});

		vi.setSystemTime(Date.now() + 2 * ACCOUNT_THROTTLE.baseDelayMs);
		expect((await signIn('target', TEST_PASSWORD, '10.0.0.1')).ok).toBe(true);
		// A success forgives the guesser's failures.
		expect((await signIn('target', 'one slip', '10.0.0.1')).ok).toBe(false);
		expect((await signIn('target', TEST_PASSWORD, '10.0.0.1')).ok).toBe(true);
	});

	it("a stranger's guesses lock out neither the owner elsewhere nor others behind the same address", async () => {
		await makeUser('teacher', { username: 'owner' });
		await makeUser('teacher', { username: 'colleague' });
		for (let i = 0; i < ACCOUNT_THROTTLE.free + 3; i++) {
			await signIn('owner', `guess ${i}`, '10.0.0.1');
		}
		expect(await signIn('owner', TEST_PASSWORD, '10.0.0.1')).toMatchObject({
			reason: 'throttled'
		});
		// The owner at another address, and a colleague behind the same NAT, get in at once.
		expect((await signIn('owner', TEST_PASSWORD, '10.0.0.2')).ok).toBe(true);
		expect((await signIn('colleague', TEST_PASSWORD, '10.0.0.1')).ok).toBe(true);
	});

	it('counts attempts before checking: a burst gets the allowance and no more', async () => {
		await makeUser('teacher', { username: 'burst' });
		const results = await Promise.all(
			Array.from({ length: 30 }, (_, i) => signIn('burst', `guess ${i}`, '10.0.0.1'))
		);
		expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(
			ACCOUNT_THROTTLE.free
		);
		expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(
			30 - ACCOUNT_THROTTLE.free
		);
		expect((await signIn('burst', TEST_PASSWORD, '10.0.0.2')).ok).toBe(true);
	});

	it('past the per-account ceiling only slows the answers: the right password still gets in', async () => {
		await makeUser('teacher', { username: 'famous' });
		await getDb()
			.insertInto('signInThrottle')
			.values({
				key: keys.account('famous'),
				failures: ACCOUNT_CEILING.free,
				lockedUntil: 0,
				updatedAt: Date.now(),
				forgetAt: Date.now() + ACCOUNT_CEILING.forgetAfterMs
			})
			.execute();
		const started = performance.now();
		expect((await signIn('famous', TEST_PASSWORD, '10.0.0.77')).ok).toBe(true);
		expect(performance.now() - started).toBeGreaterThanOrEqual(ACCOUNT_CEILING.baseDelayMs - 5);
	});

	it('throttles unknown account names exactly like real ones', async () => {
		for (let i = 0; i < ACCOUNT_THROTTLE.free; i++) await signIn('ghost', 'x', '10.1.0.1');
		expect(await signIn('ghost', 'x', '10.1.0.1')).toMatchObject({ reason: 'throttled' });
	});

	it('throttles one address guessing across many accounts', async () => {
		for (let i = 0; i < ADDRESS_THROTTLE.free; i++) await signIn(`user${i}`, 'x', '192.0.2.1');
		await makeUser('teacher', { username: 'innocent' });
		expect(await signIn('innocent', TEST_PASSWORD, '192.0.2.1')).toMatchObject({
			reason: 'throttled'
		});
		// Another address is not affected.
		expect((await signIn('innocent', TEST_PASSWORD, '192.0.2.2')).ok).toBe(true);
	});
});
