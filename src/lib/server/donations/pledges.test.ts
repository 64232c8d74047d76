import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { getDb } from '../db';
import { COUNTED_PAGES, COUNTED_ROWS, PAGE_SIZE } from '../input';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../errors';
import { makeOrganisation, makeSchool, makeUser } from '../testing/factories';
import { createTestDb } from '../testing/db';
import { lineOf, makeApprovedRequest, makeCatalogItem } from '../testing/donations';
import * as pledges from './pledges';
import { quantity } from './supply-input';

beforeEach(async () => {
	await createTestDb();
});
const initialLocale = getLocale;
afterEach(() => overwriteGetLocale(initialLocale));

async function sponsor(organisationId?: number) {
	return (await makeUser('sponsor', organisationId ? { organisationId } : {})).actor;
}

async function pledgesOn(lineId: number) {
	return getDb().selectFrom('pledge').selectAll().where('requestLineId', '=', lineId).execute();
}

describe('browsing needs', () => {
	it('lists approved lines with open quantity, and hides covered, unapproved and draft ones', async () => {
		const { lineIds } = await makeApprovedRequest({
			lines: [{ approved: 5 }, { approved: 0, requested: 3 }, { approved: 4 }]
		});
		await makeApprovedRequest({ status: 'submitted', lines: [{ approved: null }] });
		await makeApprovedRequest({ status: 'draft', lines: [{ approved: null }] });
		await makeApprovedRequest({ status: 'delivered', lines: [{ approved: 5 }] });
		const actor = await sponsor();
		await pledges.create(actor, { lineId: lineIds[2], quantity: 4 });
		const needs = await pledges.listNeeds(actor);
		expect(needs.items.map((n) => n.lineId)).toEqual([lineIds[0]]);
		expect(needs.items[0]).toMatchObject({ approved: 5, pledged: 0, open: 5 });
		expect(needs.total).toBe(1);
	});

	it('filters by school and category, and pages by 20', async () => {
		const school = await makeSchool();
		const toy = await makeCatalogItem({ category: 'toy' });
		await makeApprovedRequest({
			schoolId: school.id,
			lines: [{ catalogItemId: toy.id, approved: 2 }, { approved: 2 }]
		});
		await makeApprovedRequest({
			lines: Array.from({ length: 25 }, () => ({ approved: 1 }))
		});
		const actor = await sponsor();
		expect((await pledges.listNeeds(actor, { schoolId: school.id })).total).toBe(2);
		const toys = await pledges.listNeeds(actor, { category: 'toy' });
		expect(toys.items.map((n) => n.catalogItemId)).toEqual([toy.id]);
		const first = await pledges.listNeeds(actor);
		expect(first).toMatchObject({ total: 27, pages: 2 });
		expect(first.items).toHaveLength(20);
		expect((await pledges.listNeeds(actor, { page: 2 })).items).toHaveLength(7);
		const filters = await pledges.needFilters(actor);
		expect(filters.categories.sort()).toEqual(['book', 'toy']);
		expect(filters.schools).toHaveLength(2);
	});

	it('counts no further than the pager goes, and says there is more', async () => {
		const { requestId: id } = await makeApprovedRequest({ lines: [{ approved: 1 }] });
		// COUNTED_ROWS + 5 open lines of one request, written directly: the service would take minutes.
		await sql`
			with recursive n(i) as (select 2 union all select i + 1 from n where i < ${COUNTED_ROWS + 5})
			insert into request_line (request_id, position, description, quantity_requested, reason, quantity_approved)
			select ${id}, i, 'chalk', 1, '', 1 from n`.execute(getDb());
		const actor = await sponsor();
		const first = await pledges.listNeeds(actor);
		expect(first).toMatchObject({ page: 1, pages: COUNTED_PAGES, total: COUNTED_ROWS, more: true });
		expect(first.items).toHaveLength(PAGE_SIZE);
		const last = await pledges.listNeeds(actor, { page: COUNTED_PAGES });
		expect(last.items).toHaveLength(PAGE_SIZE);
		// Past the counted pages: the last counted one, not an empty page.
		expect((await pledges.listNeeds(actor, { page: COUNTED_PAGES + 3 })).items).toEqual(last.items);
	});

	it('offers only the schools and categories with a need still open, and counts a line without an item as other', async () => {
		const open = await makeSchool();
		const covered = await makeSchool();
		const sport = await makeCatalogItem({ category: 'sports' });
		const filedOther = await makeCatalogItem({ category: 'other' });
		const { lineIds } = await makeApprovedRequest({
			schoolId: covered.id,
			lines: [{ catalogItemId: sport.id, approved: 3 }]
		});
		await makeApprovedRequest({
			schoolId: open.id,
			lines: [
				{ catalogItemId: null, approved: 1 },
				{ catalogItemId: filedOther.id, approved: 1 }
			]
		});
		const actor = await sponsor();
		const before = await pledges.needFilters(actor);
		expect(before.categories).toEqual(['sports', 'other']);
		expect(before.schools.map((s) => s.id).sort()).toEqual([open.id, covered.id].sort());
		// Pledging the whole of the sports line closes its school and its category.
		await pledges.create(actor, { lineId: lineIds[0], quantity: 3 });
		const after = await pledges.needFilters(actor);
		expect(after.categories).toEqual(['other']);
		expect(after.schools.map((s) => s.id)).toEqual([open.id]);
		// "Other" lists both: the described line and the item filed under other.
		expect((await pledges.listNeeds(actor, { category: 'other' })).total).toBe(2);
		expect((await pledges.listNeeds(actor, { category: 'sports' })).total).toBe(0);
	});

	it('is for sponsors and coordinators only', async () => {
		await makeApprovedRequest();
		const coordinator = (await makeUser('coordinator')).actor;
		expect((await pledges.listNeeds(coordinator)).total).toBe(1);
		for (const role of ['teacher', 'student', 'judge'] as const) {
			const actor = (await makeUser(role)).actor;
			await expect(pledges.listNeeds(actor)).rejects.toBeInstanceOf(Forbidden);
			await expect(pledges.needFilters(actor)).rejects.toBeInstanceOf(Forbidden);
		}
	});
});

describe('pledging', () => {
	it('covers part of a line, records who and audits it, and moves the request to fulfilling', async () => {
		const { request, lineIds, teacher } = await makeApprovedRequest({ lines: [{ approved: 10 }] });
		const actor = await sponsor();
		// What the pledge itself records, after the request's own making (create, submit, review).
		const before = await getDb()
			.selectFrom('auditLog')
			.select('id')
			.orderBy('id', 'desc')
			.executeTakeFirst();
		const id = await pledges.create(actor, { lineId: lineIds[0], quantity: 4, note: 'by March' });
		expect((await lineOf(lineIds[0])).quantityPledged).toBe(4);
		const [row] = await pledgesOn(lineIds[0]);
		expect(row).toMatchObject({
			id,
			quantity: 4,
			status: 'active',
			organisationId: actor.organisationId,
			pledgedBy: actor.id,
			note: 'by March'
		});
		const status = await getDb()
			.selectFrom('supplyRequest')
			.select('status')
			.where('id', '=', request.id)
			.executeTakeFirstOrThrow();
		expect(status.status).toBe('fulfilling');
		const log = await getDb()
			.selectFrom('auditLog')
			.selectAll()
			.where('id', '>', before?.id ?? 0)
			.orderBy('id')
			.execute();
		expect(log.map((l) => [l.subject, l.action, l.fromState, l.toState])).toEqual([
			['pledge', 'create', null, 'active'],
			['request', 'fulfil', 'approved', 'fulfilling']
		]);
		const notes = await getDb().selectFrom('notification').selectAll().execute();
		expect(notes.map((n) => [n.userId, n.kind])).toEqual([[teacher.id, 'pledge_received']]);
		// A second pledge leaves the request's status and the audit of it alone.
		await pledges.create(actor, { lineId: lineIds[0], quantity: 6 });
		const moves = await getDb()
			.selectFrom('auditLog')
			.select('id')
			.where('subject', '=', 'request')
			.where('id', '>', before?.id ?? 0)
			.execute();
		expect(moves).toHaveLength(1);
	});

	it('refuses more than is open with the open quantity in the message', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 5 }] });
		const actor = await sponsor();
		await pledges.create(actor, { lineId: lineIds[0], quantity: 3 });
		const refusal = await pledges
			.create(actor, { lineId: lineIds[0], quantity: 3 })
			.catch((e) => e);
		expect(refusal).toBeInstanceOf(Conflict);
		expect(refusal.field).toBe('quantity');
		expect(refusal.message).toMatch(/2/);
		await pledges.create(actor, { lineId: lineIds[0], quantity: 2 });
		const none = await pledges.create(actor, { lineId: lineIds[0], quantity: 1 }).catch((e) => e);
		expect(none).toBeInstanceOf(Conflict);
		expect((await lineOf(lineIds[0])).quantityPledged).toBe(5);
		expect(await pledgesOn(lineIds[0])).toHaveLength(2);
	});

	it('counts stock allocated to the line as covered', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 5 }] });
		await getDb()
			.updateTable('requestLine')
			.set({ quantityAllocated: 4 })
			.where('id', '=', lineIds[0])
			.execute();
		const actor = await sponsor();
		await expect(pledges.create(actor, { lineId: lineIds[0], quantity: 2 })).rejects.toBeInstanceOf(
			Conflict
		);
		await pledges.create(actor, { lineId: lineIds[0], quantity: 1 });
	});

	it.each([0, -1, 1.5, 1e9, NaN, Infinity])('refuses the quantity %s', async (q) => {
		const { lineIds } = await makeApprovedRequest();
		const refusal = await pledges
			.create(await sponsor(), { lineId: lineIds[0], quantity: q })
			.catch((e) => e);
		expect(refusal).toBeInstanceOf(RuleViolation);
		expect(refusal.field).toBe('quantity');
		expect(await pledgesOn(lineIds[0])).toHaveLength(0);
	});

	it('refuses a huge note', async () => {
		const { lineIds } = await makeApprovedRequest();
		await expect(
			pledges.create(await sponsor(), { lineId: lineIds[0], quantity: 1, note: 'x'.repeat(501) })
		).rejects.toBeInstanceOf(RuleViolation);
		expect((await lineOf(lineIds[0])).quantityPledged).toBe(0);
	});

	it('hides requests sponsors may not see, and refuses closed or unpledgeable ones', async () => {
		const actor = await sponsor();
		const draft = await makeApprovedRequest({ status: 'submitted', lines: [{ approved: null }] });
		await expect(
			pledges.create(actor, { lineId: draft.lineIds[0], quantity: 1 })
		).rejects.toBeInstanceOf(NotFound);
		await expect(pledges.create(actor, { lineId: 999_999, quantity: 1 })).rejects.toBeInstanceOf(
			NotFound
		);
		const delivered = await makeApprovedRequest({ status: 'delivered' });
		await expect(
			pledges.create(actor, { lineId: delivered.lineIds[0], quantity: 1 })
		).rejects.toBeInstanceOf(Conflict);
		// A line cut to nothing in a request approved in part.
		const rejectedLine = await makeApprovedRequest({
			lines: [{ approved: 0, requested: 4 }, { approved: 2 }]
		});
		await expect(
			pledges.create(actor, { lineId: rejectedLine.lineIds[0], quantity: 1 })
		).rejects.toBeInstanceOf(Conflict);
	});

	it('is for sponsors of an organisation only', async () => {
		const { lineIds, teacher } = await makeApprovedRequest();
		for (const role of ['coordinator', 'student', 'judge'] as const) {
			const actor = (await makeUser(role)).actor;
			await expect(
				pledges.create(actor, { lineId: lineIds[0], quantity: 1 })
			).rejects.toBeInstanceOf(Forbidden);
		}
		await expect(
			pledges.create(teacher.actor, { lineId: lineIds[0], quantity: 1 })
		).rejects.toBeInstanceOf(Forbidden);
		expect(await pledgesOn(lineIds[0])).toHaveLength(0);
	});

	it('50 sponsors pledging at once on a line approved for 30: exactly 30 win', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 30, requested: 30 }] });
		const sponsors = [];
		for (let i = 0; i < 50; i++) sponsors.push(await sponsor());
		const results = await Promise.allSettled(
			sponsors.map((actor) => pledges.create(actor, { lineId: lineIds[0], quantity: 1 }))
		);
		const won = results.filter((r) => r.status === 'fulfilled');
		const lost = results.filter((r) => r.status === 'rejected');
		expect(won).toHaveLength(30);
		expect(lost).toHaveLength(20);
		for (const r of lost) {
			expect((r as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
			expect((r as PromiseRejectedResult).reason.field).toBe('quantity');
		}
		const active = await getDb()
			.selectFrom('pledge')
			.select((eb) => eb.fn.sum<number>('quantity').as('n'))
			.where('requestLineId', '=', lineIds[0])
			.where('status', '=', 'active')
			.executeTakeFirstOrThrow();
		expect(Number(active.n)).toBe(30);
		expect((await lineOf(lineIds[0])).quantityPledged).toBe(30);
	});

	it('the database refuses over-coverage even if the service check were skipped', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 2 }] });
		await expect(
			getDb()
				.updateTable('requestLine')
				.set({ quantityPledged: 3 })
				.where('id', '=', lineIds[0])
				.execute()
		).rejects.toThrow(/check/i);
	});
});

describe('one language per reader', () => {
	it("names a pledge's item in the language of each request that reads it", async () => {
		const item = await makeCatalogItem({ nameZh: '跳绳', nameEn: 'Skipping rope', unit: 'piece' });
		const { lineIds } = await makeApprovedRequest({
			lines: [{ catalogItemId: item.id, approved: 6 }]
		});
		const actor = await sponsor();
		const id = await pledges.create(actor, { lineId: lineIds[0], quantity: 2 });
		// Read in one language, then the other: nothing is fixed by whichever ran first.
		for (const [locale, name] of [
			['en', 'Skipping rope'],
			['zh-CN', '跳绳'],
			['en', 'Skipping rope']
		] as const) {
			overwriteGetLocale(() => locale);
			expect((await pledges.get(actor, id)).itemName, locale).toBe(name);
			expect((await pledges.list(actor)).items[0].itemName, locale).toBe(name);
		}
	});
});

describe('cancelling', () => {
	it('returns the quantity to the line and audits it', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 5 }] });
		const actor = await sponsor();
		const id = await pledges.create(actor, { lineId: lineIds[0], quantity: 5 });
		// The service says whether the viewer may cancel it; the page doesn't read the status.
		expect((await pledges.get(actor, id)).canCancel).toBe(true);
		expect((await pledges.list(actor)).items.map((p) => p.canCancel)).toEqual([true]);
		await pledges.cancel(actor, id, 'budget moved');
		expect((await pledges.get(actor, id)).canCancel).toBe(false);
		expect((await pledges.list(actor)).items.map((p) => p.canCancel)).toEqual([false]);
		expect((await lineOf(lineIds[0])).quantityPledged).toBe(0);
		const [row] = await pledgesOn(lineIds[0]);
		expect(row.status).toBe('cancelled');
		expect(row.cancelledAt).not.toBeNull();
		const log = await getDb()
			.selectFrom('auditLog')
			.selectAll()
			.where('subject', '=', 'pledge')
			.where('action', '=', 'cancel')
			.executeTakeFirstOrThrow();
		expect(log).toMatchObject({
			fromState: 'active',
			toState: 'cancelled',
			reason: 'budget moved'
		});
		// Cancelling twice is refused; the line is not credited twice.
		await expect(pledges.cancel(actor, id)).rejects.toBeInstanceOf(Conflict);
		expect((await lineOf(lineIds[0])).quantityPledged).toBe(0);
		// The quantity is open again.
		await pledges.create(await sponsor(), { lineId: lineIds[0], quantity: 5 });
	});

	it('lets a colleague of the same organisation and a coordinator cancel, hides it from others', async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 9 }] });
		const organisation = await makeOrganisation();
		const actor = await sponsor(organisation.id);
		const colleague = await sponsor(organisation.id);
		const other = await sponsor();
		const coordinator = (await makeUser('coordinator')).actor;
		const a = await pledges.create(actor, { lineId: lineIds[0], quantity: 3 });
		const b = await pledges.create(actor, { lineId: lineIds[0], quantity: 3 });
		await expect(pledges.cancel(other, a)).rejects.toBeInstanceOf(NotFound);
		await expect(pledges.get(other, a)).rejects.toBeInstanceOf(NotFound);
		for (const role of ['teacher', 'student', 'judge'] as const) {
			await expect(pledges.cancel((await makeUser(role)).actor, a)).rejects.toBeInstanceOf(
				NotFound
			);
		}
		await pledges.cancel(colleague, a);
		await pledges.cancel(coordinator, b);
		expect((await lineOf(lineIds[0])).quantityPledged).toBe(0);
		await expect(pledges.cancel(actor, 424242)).rejects.toBeInstanceOf(NotFound);
	});

	it('refuses once the pledge has shipped', async () => {
		const { lineIds } = await makeApprovedRequest();
		const actor = await sponsor();
		const id = await pledges.create(actor, { lineId: lineIds[0], quantity: 2 });
		await getDb()
			.transaction()
			.execute((trx) => pledges.markShipped(trx, id));
		await expect(pledges.cancel(actor, id)).rejects.toBeInstanceOf(Conflict);
		expect((await lineOf(lineIds[0])).quantityPledged).toBe(2);
		await getDb()
			.transaction()
			.execute((trx) => pledges.markDelivered(trx, id));
		expect((await pledges.get(actor, id)).status).toBe('delivered');
		await expect(
			getDb()
				.transaction()
				.execute((trx) => pledges.markShipped(trx, id))
		).rejects.toBeInstanceOf(Conflict);
	});

	it("tells the pledge's story: every step for staff, what and when for the sponsor", async () => {
		const { lineIds } = await makeApprovedRequest();
		const giver = await makeUser('sponsor', { organisationId: (await makeOrganisation()).id });
		const actor = giver.actor;
		const staff = await makeUser('coordinator');
		const coordinator = staff.actor;
		const id = await pledges.create(actor, { lineId: lineIds[0], quantity: 2, note: 'For spring' });
		const fresh = await pledges.get(actor, id);
		expect(fresh).toMatchObject({ canCancel: true, cancelTooLate: false });
		await getDb()
			.transaction()
			.execute((trx) => pledges.markShipped(trx, id, coordinator.id));
		const shipped = await pledges.get(actor, id);
		expect(shipped).toMatchObject({ canCancel: false, cancelTooLate: true });
		expect(shipped.history.map((h) => [h.action, h.toState])).toEqual([
			['create', 'active'],
			['ship', 'shipped']
		]);
		// The sponsor is not told who in the program shipped it, nor anyone's reasons.
		for (const entry of shipped.history) {
			expect(entry).not.toHaveProperty('actorName');
			expect(entry).not.toHaveProperty('reason');
		}
		const seen = await pledges.get(coordinator, id);
		expect(seen.history.map((h) => 'actorName' in h && h.actorName)).toEqual([
			giver.displayName,
			staff.displayName
		]);
	});

	it('says nothing about cancelling a pledge that is already cancelled', async () => {
		const { lineIds } = await makeApprovedRequest();
		const actor = await sponsor();
		const id = await pledges.create(actor, { lineId: lineIds[0], quantity: 2 });
		await pledges.cancel(actor, id);
		expect(await pledges.get(actor, id)).toMatchObject({
			status: 'cancelled',
			canCancel: false,
			cancelTooLate: false
		});
	});

	it('markDelivered refuses a pledge that has not shipped', async () => {
		const { lineIds } = await makeApprovedRequest();
		const id = await pledges.create(await sponsor(), { lineId: lineIds[0], quantity: 2 });
		await expect(
			getDb()
				.transaction()
				.execute((trx) => pledges.markDelivered(trx, id))
		).rejects.toBeInstanceOf(Conflict);
	});
});

describe('listing pledges', () => {
	it("shows a sponsor their organisation's pledges only, newest first, with line progress", async () => {
		const { lineIds } = await makeApprovedRequest({ lines: [{ approved: 8 }] });
		const organisation = await makeOrganisation();
		const actor = await sponsor(organisation.id);
		const colleague = await sponsor(organisation.id);
		const other = await sponsor();
		await pledges.create(actor, { lineId: lineIds[0], quantity: 2 });
		const second = await pledges.create(colleague, { lineId: lineIds[0], quantity: 3 });
		await pledges.create(other, { lineId: lineIds[0], quantity: 1 });
		const mine = await pledges.list(actor, { organisationId: 99999 });
		expect(mine.total).toBe(2);
		expect(mine.items[0]).toMatchObject({ id: second, approved: 8, pledged: 6, status: 'active' });
		const coordinator = (await makeUser('coordinator')).actor;
		expect((await pledges.list(coordinator)).total).toBe(3);
		expect((await pledges.list(coordinator, { organisationId: organisation.id })).total).toBe(2);
		for (const role of ['teacher', 'student', 'judge'] as const) {
			await expect(pledges.list((await makeUser(role)).actor)).rejects.toBeInstanceOf(Forbidden);
		}
	});
});

describe('quantity input', () => {
	const schema = quantity(1, 100_000);
	it.each([
		['12', 12],
		['１２', 12],
		[' 7 ', 7]
	])('accepts %j', (input, expected) => {
		expect(schema.parse(input)).toBe(expected);
	});
	it.each(['0', '-1', '1.5', '1e9', '1000000000', '', '   ', 'abc', 'x'.repeat(10_000)])(
		'refuses %j',
		(input) => {
			expect(schema.safeParse(input).success).toBe(false);
		}
	);
});
