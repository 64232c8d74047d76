import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestDb } from '../testing/db';
import { makeUser } from '../testing/factories';
import { getDb } from '../db';
import {
	ABSOLUTE_LIFETIME_MS,
	INACTIVITY_TIMEOUT_MS,
	createSession,
	invalidateSession,
	invalidateUserSessions,
	validateSessionToken
} from './session';

const HOUR = 60 * 60 * 1000;

describe('sessions', () => {
	beforeEach(async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(new Date('2026-11-01T00:00:00Z'));
		await createTestDb();
	});
	afterEach(() => vi.useRealTimers());

	it('issue an id.secret token with at least 128 bits of secret and store only its hash', async () => {
		const user = await makeUser('teacher');
		const session = await createSession(user.id);
		const [id, secret] = session.token.split('.');
		expect(id).toBe(session.id);
		expect(secret.length * 5).toBeGreaterThanOrEqual(128); // base32: 5 bits a character
		const row = await getDb()
			.selectFrom('session')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(JSON.stringify(row)).not.toContain(secret);
		expect(row.secretHash.byteLength).toBe(32);
		const found = await validateSessionToken(session.token);
		expect(found?.user.id).toBe(user.id);
		expect(found?.user.role).toBe('teacher');
	});

	it('refuse a token whose secret is wrong, truncated or malformed', async () => {
		const user = await makeUser('judge');
		const { token, id } = await createSession(user.id);
		const flipped = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
		expect(await validateSessionToken(flipped)).toBeNull();
		expect(await validateSessionToken(id)).toBeNull();
		expect(await validateSessionToken(`${id}.`)).toBeNull();
		expect(await validateSessionToken('')).toBeNull();
		expect(await validateSessionToken(`${id}.x.y`)).toBeNull();
		expect(await validateSessionToken(`${'a'.repeat(5000)}.b`)).toBeNull();
		// The real one still works: a failed guess doesn't end it.
		expect(await validateSessionToken(token)).not.toBeNull();
	});

	it('end after the inactivity timeout, but activity keeps a session alive', async () => {
		const user = await makeUser('sponsor');
		const active = await createSession(user.id);
		const idle = await createSession(user.id);
		for (let day = 0; day < 10; day++) {
			vi.setSystemTime(Date.now() + 24 * HOUR);
			expect(await validateSessionToken(active.token)).not.toBeNull();
		}
		expect(await validateSessionToken(idle.token)).toBeNull();
		// And it is gone from the database, not merely refused.
		const left = await getDb()
			.selectFrom('session')
			.select('id')
			.where('id', '=', idle.id)
			.execute();
		expect(left).toEqual([]);
	});

	it('end after the inactivity timeout to the millisecond', async () => {
		const user = await makeUser('sponsor');
		const session = await createSession(user.id);
		vi.setSystemTime(Date.now() + INACTIVITY_TIMEOUT_MS - 1);
		expect(await validateSessionToken(session.token)).not.toBeNull();
		vi.setSystemTime(Date.now() + INACTIVITY_TIMEOUT_MS);
		expect(await validateSessionToken(session.token)).toBeNull();
	});

	it('end at the absolute lifetime however active they are', async () => {
		const user = await makeUser('coordinator');
		const session = await createSession(user.id);
		const start = Date.now();
		while (Date.now() + 12 * HOUR - start < ABSOLUTE_LIFETIME_MS) {
			vi.setSystemTime(Date.now() + 12 * HOUR);
			expect(await validateSessionToken(session.token)).not.toBeNull();
		}
		vi.setSystemTime(start + ABSOLUTE_LIFETIME_MS);
		expect(await validateSessionToken(session.token)).toBeNull();
	});

	it('end at once when signed out, or for all but one when the password changes', async () => {
		const user = await makeUser('teacher');
		const a = await createSession(user.id);
		const b = await createSession(user.id);
		const c = await createSession(user.id);
		await invalidateSession(a.id);
		expect(await validateSessionToken(a.token)).toBeNull();
		await invalidateUserSessions(user.id, c.id);
		expect(await validateSessionToken(b.token)).toBeNull();
		expect(await validateSessionToken(c.token)).not.toBeNull();
	});

	it('end when the account is disabled', async () => {
		const user = await makeUser('student');
		const session = await createSession(user.id);
		await getDb()
			.updateTable('user')
			.set({ disabledAt: Date.now() })
			.where('id', '=', user.id)
			.execute();
		expect(await validateSessionToken(session.token)).toBeNull();
	});
});
