import { describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
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

describe('secrets shown once', () => {
	it('are handed over once, to their owner, for the page they were meant for', () => {
		const cookies = jar();
		once.reveal(cookies, 7, 'student:1', { password: 'abcd-efgh-jkmn' });
		expect(once.take(cookies, 7, 'student:2')).toBeNull();
		expect(once.take(cookies, 7, 'student:1')).toEqual({ password: 'abcd-efgh-jkmn' });
		expect(once.take(cookies, 7, 'student:1')).toBeNull();
	});

	it('are not handed to someone else who has the cookie', () => {
		const cookies = jar();
		once.reveal(cookies, 7, 'classlist', ['x']);
		expect(once.take(cookies, 8, 'classlist')).toBeNull();
		expect(once.take(cookies, 7, 'classlist')).toBeNull();
	});
});
