import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cookies } from '@sveltejs/kit';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { getDb } from './db';
import { createTestDb } from './testing/db';
import { useFakeClock } from './testing/clock';
import { COOKIE, flash, takeFlash, TTL_MS, type FlashKey } from './flash';

/** A cookie jar like a browser's, remembering the options each cookie was set with. */
function jar() {
	const values = new Map<string, string>();
	const options = new Map<string, Record<string, unknown>>();
	const cookies = {
		get: (name: string) => values.get(name),
		set: (name: string, value: string, opts: Record<string, unknown>) => {
			values.set(name, value);
			options.set(name, opts);
		},
		delete: (name: string) => void values.delete(name)
	} as unknown as Cookies;
	return { cookies, url: new URL('http://localhost/needs'), options };
}

/** The same browser's cookie, sent to another request (or another instance on the database). */
function next(from: ReturnType<typeof jar>) {
	const other = jar();
	const value = from.cookies.get(COOKIE);
	if (value !== undefined) other.cookies.set(COOKIE, value, { path: '/' });
	return other;
}

const initialLocale = getLocale;

describe('flash', () => {
	beforeEach(async () => {
		await createTestDb();
		overwriteGetLocale(() => 'en');
	});
	afterEach(() => overwriteGetLocale(initialLocale));

	it('is shown on the next page load, with its numbers, and gone on the one after', async () => {
		const browser = jar();
		await flash(browser, 'pledge_recorded', {
			quantity: 5,
			item: 'Picture books',
			covered: 15,
			approved: 20
		});
		const landing = next(browser);
		expect(await takeFlash(landing)).toBe(
			'Pledge recorded: 5 × Picture books (15 of 20 now covered). Thank you!'
		);
		expect(landing.cookies.get(COOKIE)).toBeUndefined();
		// Even a browser that replays the old cookie sees nothing the second time.
		expect(await takeFlash(next(browser))).toBeNull();
	});

	it('renders in the language of the page it lands on', async () => {
		const browser = jar();
		await flash(browser, 'request_submitted', { id: 42 });
		overwriteGetLocale(() => 'zh-CN');
		expect(await takeFlash(next(browser))).toBe('申请 #42 已提交审核。');
	});

	it('sets an HttpOnly, SameSite=Lax, short-lived cookie holding only a random token', async () => {
		const browser = jar();
		await flash(browser, 'signed_out');
		const token = browser.cookies.get(COOKIE)!;
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		expect(browser.options.get(COOKIE)).toMatchObject({
			httpOnly: true,
			sameSite: 'lax',
			path: '/',
			maxAge: TTL_MS / 1000
		});
		const row = await getDb().selectFrom('flash').selectAll().executeTakeFirstOrThrow();
		expect(row.key).toBe('signed_out');
		expect(row.tokenHash).not.toContain(token);
	});

	it('keeps only the latest of two unread confirmations', async () => {
		const browser = jar();
		await flash(browser, 'request_created', { id: 1 });
		await flash(browser, 'request_submitted', { id: 1 });
		expect(await takeFlash(next(browser))).toBe('Request #1 submitted for review.');
		expect(await getDb().selectFrom('flash').selectAll().execute()).toEqual([]);
	});

	it('is gone once it expires', async () => {
		const clock = useFakeClock(Date.UTC(2026, 11, 3, 2));
		const browser = jar();
		await flash(browser, 'password_changed');
		clock.advance(TTL_MS);
		expect(await takeFlash(next(browser))).toBeNull();
	});

	it('ignores a tampered, unknown or garbage cookie without throwing', async () => {
		const browser = jar();
		await flash(browser, 'signed_in');
		const token = browser.cookies.get(COOKIE)!;
		for (const value of [
			token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A'),
			'',
			'x'.repeat(5000),
			'%00<script>',
			'a'.repeat(43)
		]) {
			const other = jar();
			other.cookies.set(COOKIE, value, { path: '/' });
			expect(await takeFlash(other)).toBeNull();
			expect(other.cookies.get(COOKIE)).toBeUndefined();
		}
		// The real one still works: a wrong guess consumed nothing.
		expect(await takeFlash(next(browser))).toBe('You are signed in.');
	});

	it('refuses a key not on the list, and ignores a stored one that is no longer', async () => {
		const browser = jar();
		await expect(flash(browser, 'no_such_key' as FlashKey)).rejects.toThrow(/unknown flash key/);
		expect(browser.cookies.get(COOKIE)).toBeUndefined();

		await flash(browser, 'signed_in');
		await getDb().updateTable('flash').set({ key: 'retired_key' }).execute();
		expect(await takeFlash(next(browser))).toBeNull();
	});

	it('ignores stored parameters that are not plain strings and numbers', async () => {
		const browser = jar();
		await flash(browser, 'request_submitted', { id: 7 });
		await getDb()
			.updateTable('flash')
			.set({ params: JSON.stringify({ id: { html: '<b>x</b>' } }) })
			.execute();
		expect(await takeFlash(next(browser))).toBeNull();
	});

	it('keeps typed text as text and cuts it to size', async () => {
		const browser = jar();
		await flash(browser, 'pledge_recorded', {
			quantity: 1,
			item: '<img src=x onerror=alert(1)>' + 'y'.repeat(500),
			covered: 1,
			approved: 2
		});
		const text = await takeFlash(next(browser));
		// Svelte prints this as text; the flash neither renders markup nor keeps a paragraph.
		expect(text).toContain('<img src=x onerror=alert(1)>');
		expect(text!.length).toBeLessThan(300);
	});
});
