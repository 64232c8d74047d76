import { beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { NotFound } from '../errors';
import { createTestDb } from '../testing/db';
import { makeUser } from '../testing/factories';
import * as notifications from './notifications';
import { notify, type NotificationInput } from './notify';

async function send(userIds: number[], input: NotificationInput) {
	await getDb()
		.transaction()
		.execute((trx) => notify(trx, userIds, input));
}

const thanks = (id: number): NotificationInput => ({
	kind: 'thanks_posted',
	subject: 'thanks',
	subjectId: id,
	params: { school: 'Hope Primary' }
});

describe('notifications', () => {
	beforeEach(async () => {
		await createTestDb();
	});

	it("lists only the actor's own, newest first, twenty to a page", async () => {
		const me = await makeUser('sponsor');
		const other = await makeUser('sponsor');
		for (let i = 1; i <= 25; i++) {
			await send([me.id], thanks(i));
			await getDb()
				.updateTable('notification')
				.set({ createdAt: 1_000_000 + i })
				.where('subjectId', '=', i)
				.execute();
		}
		await send([other.id], thanks(99));

		const first = await notifications.list(me.actor, 1);
		expect(first.total).toBe(25);
		expect(first.pages).toBe(2);
		expect(first.unread).toBe(25);
		expect(first.items).toHaveLength(20);
		expect(first.items[0].href).toBe('/thanks/25');
		expect(first.items[19].href).toBe('/thanks/6');
		const second = await notifications.list(me.actor, 2);
		expect(second.items.map((n) => n.href)).toEqual([5, 4, 3, 2, 1].map((i) => `/thanks/${i}`));
		expect(second.items.every((n) => !n.href?.endsWith('/99'))).toBe(true);

		// Out-of-range pages are clamped, never an error.
		expect((await notifications.list(me.actor, 999)).page).toBe(2);
		expect((await notifications.list(me.actor, -3)).page).toBe(1);
		const empty = await notifications.list((await makeUser('judge')).actor, 1);
		expect(empty).toMatchObject({ items: [], total: 0, pages: 1, page: 1, unread: 0 });
	});

	it('counts unread notifications per user', async () => {
		const me = await makeUser('teacher');
		const other = await makeUser('teacher');
		await send([me.id, other.id], thanks(1));
		await send([me.id], thanks(2));
		expect(await notifications.unreadCount(me.actor)).toBe(2);
		expect(await notifications.unreadCount(other.actor)).toBe(1);
		expect(await notifications.unreadCount((await makeUser('student')).actor)).toBe(0);
	});

	it('marks one of my own read, once, and says where it leads', async () => {
		const me = await makeUser('coordinator');
		await send([me.id], { kind: 'request_submitted', subject: 'request', subjectId: 7 });
		await send([me.id], thanks(3));
		const [newest, older] = (await notifications.list(me.actor)).items;

		expect(await notifications.markRead(me.actor, older.id)).toEqual({ href: '/requests/7' });
		expect(await notifications.unreadCount(me.actor)).toBe(1);
		const readAt = (
			await getDb()
				.selectFrom('notification')
				.select('readAt')
				.where('id', '=', older.id)
				.executeTakeFirstOrThrow()
		).readAt;
		expect(readAt).not.toBeNull();

		// Again: harmless, and the first reading time is kept.
		await notifications.markRead(me.actor, older.id);
		const again = await getDb()
			.selectFrom('notification')
			.select('readAt')
			.where('id', '=', older.id)
			.executeTakeFirstOrThrow();
		expect(again.readAt).toBe(readAt);

		const page = await notifications.list(me.actor);
		expect(page.items.find((n) => n.id === newest.id)?.read).toBe(false);
		expect(page.items.find((n) => n.id === older.id)?.read).toBe(true);
	});

	it("refuses another user's notification as if it did not exist, and leaves it unread", async () => {
		const me = await makeUser('teacher');
		const other = await makeUser('teacher');
		await send([other.id], thanks(1));
		const theirs = (await notifications.list(other.actor)).items[0];

		await expect(notifications.markRead(me.actor, theirs.id)).rejects.toBeInstanceOf(NotFound);
		await expect(notifications.markRead(me.actor, 999_999)).rejects.toBeInstanceOf(NotFound);
		expect(await notifications.unreadCount(other.actor)).toBe(1);
	});

	it('marks all of mine read, and nobody else’s', async () => {
		const me = await makeUser('sponsor');
		const other = await makeUser('sponsor');
		await send([me.id, other.id], thanks(1));
		await send([me.id], thanks(2));
		expect(await notifications.markAllRead(me.actor)).toBe(2);
		expect(await notifications.unreadCount(me.actor)).toBe(0);
		expect(await notifications.unreadCount(other.actor)).toBe(1);
		expect(await notifications.markAllRead(me.actor)).toBe(0);
	});
});

describe('notification links and text', () => {
	it('leads each subject to its page', () => {
		expect(notifications.linkFor('request', 12)).toBe('/requests/12');
		expect(notifications.linkFor('shipment', 3)).toBe('/shipments/3');
		expect(notifications.linkFor('pledge', 5)).toBe('/pledges');
		expect(notifications.linkFor('thanks', 8)).toBe('/thanks/8');
		expect(notifications.linkFor('contest', 8)).toBeNull();
		expect(notifications.linkFor('request', 0)).toBeNull();
	});

	it('renders a known kind with its params', () => {
		const text = notifications.render('thanks_posted', JSON.stringify({ school: 'Hope Primary' }));
		expect(text).toContain('Hope Primary');
		expect(text).not.toBe(notifications.render('no_such_kind', '{}'));
	});

	it('falls back to a neutral sentence for an unknown kind, bad params or a missing param', () => {
		const fallback = notifications.render('no_such_kind', '{}');
		expect(fallback.length).toBeGreaterThan(0);
		expect(notifications.render('thanks_posted', 'not json')).toBe(fallback);
		expect(notifications.render('thanks_posted', '[1,2]')).toBe(fallback);
		expect(notifications.render('thanks_posted', '{}')).toBe(fallback);
		expect(notifications.render('__proto__', '{}')).toBe(fallback);
		expect(notifications.render('constructor', '{}')).toBe(fallback);
	});
});
