import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeUser, TEST_PASSWORD } from '../testing/factories';
import { race, runWorker, useRaceDb } from '../testing/race';
import { signIn } from './sign-in';
import { PAIR_THROTTLE, begin } from './throttle';

// Real parallel connections to one database file: several threads (app instances) and several
// connections in this one. Promise.all over a single connection would serialise and prove nothing.
describe('the throttle under parallel connections', () => {
	const db = useRaceDb('throttle');
	const connect = () => db.connect();
	const entry = new URL('./sign-in.race-worker.ts', import.meta.url);
	beforeEach(() => {
		vi.spyOn(console, 'warn').mockImplementation(() => {});
	});
	afterEach(() => {
		vi.restoreAllMocks();
	});

	it('lets a burst from three threads through no more than the allowance; the owner elsewhere gets in', async () => {
		await makeUser('teacher', { username: 'raced' });
		const start = new SharedArrayBuffer(4);
		const workers = [0, 1, 2].map(() =>
			runWorker<string[]>(entry, db.file, start, {
				username: 'raced',
				address: '203.0.113.7',
				attempts: 10
			})
		);
		const answers = (await race(workers, start)).flat();

		expect(answers).toHaveLength(30);
		expect(answers.filter((a) => a === 'invalid')).toHaveLength(PAIR_THROTTLE.free);
		expect(answers.filter((a) => a === 'throttled')).toHaveLength(30 - PAIR_THROTTLE.free);
		// The guesser's address stays locked; the owner at another address signs in.
		expect(await signIn('raced', TEST_PASSWORD, '203.0.113.7')).toMatchObject({
			reason: 'throttled'
		});
		expect((await signIn('raced', TEST_PASSWORD, '198.51.100.1')).ok).toBe(true);
	}, 60_000);

	it('interleaves conditional writes on separate connections without losing a count', async () => {
		const connections = [connect(), connect(), connect()];
		const attempts = await Promise.all(
			Array.from({ length: 12 }, (_, i) =>
				begin('interleaved', '192.0.2.9', connections[i % connections.length])
			)
		);
		expect(attempts.filter((a) => a.ok)).toHaveLength(PAIR_THROTTLE.free);
		const row = await connections[0]
			.selectFrom('signInThrottle')
			.select('failures')
			.where('key', 'like', 'pair:%')
			.executeTakeFirstOrThrow();
		expect(row.failures).toBe(PAIR_THROTTLE.free);
	});
});
