import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { getDb, setDb } from '../db';
import { createTestDb } from '../testing/db';
import { useFakeClock } from '../testing/clock';
import { makeUser } from '../testing/factories';
import { useRaceDb } from '../testing/race';
import * as once from './once';

/** A cookie jar like a browser's, enough for the store's needs. */
function jar(): Cookies {
	const values = new Map<string, string>();
	return {
		get: (name: string) => values.get(name),
		set: (name: string, value: string) => void values.set(name, value),
		delete: (name: string) => void values.delete(name)
	} as unknown as Cookies;
}

/** A second jar holding the same cookies: the same browser talking to another instance. */
function copy(cookies: Cookies): Cookies {
	const other = jar();
	const value = cookies.get('sapling-once');
	if (value) other.set('sapling-once', value, { path: '/' });
	return other;
}

describe('secrets shown once', () => {
	let owner: number;
	let other: number;
	beforeEach(async () => {
		await createTestDb();
		owner = (await makeUser('teacher')).id;
		other = (await makeUser('teacher')).id;
	});

	it('are handed over once, to their owner, for the page they were meant for', async () => {
		const cookies = jar();
		await once.reveal(cookies, owner, 'student:1', { password: 'abcd-efgh-jkmn' });
		expect(await once.take(cookies, owner, 'student:2')).toBeNull();
		expect(await once.take(cookies, owner, 'student:1')).toEqual({ password: 'abcd-efgh-jkmn' });
		expect(await once.take(cookies, owner, 'student:1')).toBeNull();
	});

	it('are not handed to someone else who has the cookie', async () => {
		const cookies = jar();
		await once.reveal(cookies, owner, 'classlist', ['x']);
		expect(await once.take(cookies, other, 'classlist')).toBeNull();
		expect(await once.take(cookies, owner, 'classlist')).toBeNull();
	});

	it('are gone after ten minutes, and pruned by the next one left', async () => {
		const clock = useFakeClock(Date.UTC(2026, 11, 2, 8));
		const late = jar();
		await once.reveal(late, owner, 'student:1', { password: 'p' });
		clock.advance(10 * 60 * 1000 - 1);
		const inTime = jar();
		await once.reveal(inTime, owner, 'student:2', { password: 'q' });
		expect(await once.take(inTime, owner, 'student:2')).toEqual({ password: 'q' });
		clock.advance(1);
		await once.reveal(jar(), other, 'student:3', { password: 'r' });
		const kept = await getDb().selectFrom('onceSecret').select('kind').execute();
		expect(kept).toEqual([{ kind: 'student:3' }]);
		expect(await once.take(late, owner, 'student:1')).toBeNull();
	});

	it('keep neither the cookie’s secret nor the payload in the clear', async () => {
		const cookies = jar();
		await once.reveal(cookies, owner, 'student:1', { password: 'abcd-efgh-jkmn' });
		const rows = await getDb().selectFrom('onceSecret').selectAll().execute();
		expect(rows).toHaveLength(1);
		const stored = Buffer.from(rows[0].payload).toString('latin1');
		expect(stored).not.toContain('abcd-efgh-jkmn');
		expect(rows[0].keyHash).toMatch(/^[0-9a-f]{64}$/);
		expect(rows[0].keyHash).not.toContain(cookies.get('sapling-once'));
		expect(Buffer.from(cookies.get('sapling-once')!, 'base64url').toString('hex')).not.toBe(
			rows[0].keyHash
		);
	});

	it('ignore a cookie that is not one of theirs', async () => {
		const cookies = jar();
		cookies.set('sapling-once', 'not-a-secret', { path: '/' });
		expect(await once.take(cookies, owner, 'student:1')).toBeNull();
	});
});

describe('secrets shown once, across restarts and instances', () => {
	const instances = useRaceDb('once');

	beforeEach(() => vi.spyOn(console, 'warn').mockImplementation(() => {}));
	afterEach(() => vi.restoreAllMocks());

	it('survive a restart between the action and the page, once', async () => {
		const owner = (await makeUser('teacher')).id;
		const cookies = jar();
		await once.reveal(cookies, owner, 'student:5', { username: 's1-0001', password: 'pw' });
		setDb(instances.connect());
		expect(await once.take(cookies, owner, 'student:5')).toEqual({
			username: 's1-0001',
			password: 'pw'
		});
		expect(await once.take(cookies, owner, 'student:5')).toBeNull();
	});

	it('are shown by a second instance, and then by neither', async () => {
		const owner = (await makeUser('teacher')).id;
		const cookies = jar();
		await once.reveal(cookies, owner, 'invitation:3', 'https://example.org/invite/abc');
		const first = getDb();
		setDb(instances.connect());
		expect(await once.take(copy(cookies), owner, 'invitation:3')).toBe(
			'https://example.org/invite/abc'
		);
		setDb(first);
		expect(await once.take(cookies, owner, 'invitation:3')).toBeNull();
	});
});
