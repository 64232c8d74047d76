import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { makeSchool, makeUser } from '../testing/factories';
import { getDb } from '../db';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../errors';
import * as catalog from './catalog';
import * as requests from './requests';
import {
	neededByProblem,
	parseRequestForm,
	parseReviewForm,
	today,
	twoYearsAfter,
	type RequestInput
} from './requests.schema';

function daysFromToday(days: number): string {
	const [y, mo, d] = today().split('-').map(Number);
	return new Date(Date.UTC(y, mo - 1, d + days)).toISOString().slice(0, 10);
}

let world: Awaited<ReturnType<typeof setup>>;

async function setup() {
	await createTestDb();
	const school = await makeSchool({ name: '希望小学' });
	const otherSchool = await makeSchool({ name: 'Other' });
	const teacher = await makeUser('teacher', { schoolId: school.id });
	const colleague = await makeUser('teacher', { schoolId: school.id });
	const otherTeacher = await makeUser('teacher', { schoolId: otherSchool.id });
	const coordinator = await makeUser('coordinator');
	const sponsor = await makeUser('sponsor');
	const student = await makeUser('student', { schoolId: school.id });
	const judge = await makeUser('judge');
	const books = await catalog.create(coordinator.actor, {
		nameZh: '绘本套装',
		nameEn: 'Picture book set',
		category: 'book',
		unit: 'set',
		ageBand: 'lower_primary',
		unitValue: 8800,
		description: ''
	});
	const balls = await catalog.create(coordinator.actor, {
		nameZh: 'Football',
		nameEn: 'Football',
		category: 'sports',
		unit: 'piece',
		ageBand: 'all',
		unitValue: 6000,
		description: ''
	});
	return {
		school,
		otherSchool,
		teacher,
		colleague,
		otherTeacher,
		coordinator,
		sponsor,
		student,
		judge,
		books,
		balls
	};
}

function input(overrides: Partial<RequestInput> = {}): RequestInput {
	return {
		purpose: '阅读角',
		neededBy: daysFromToday(30),
		lines: [
			{ catalogItemId: world.books, description: '', quantity: 10, reason: '一年级' },
			{ catalogItemId: null, description: '木制书架', quantity: 2, reason: '' }
		],
		...overrides
	};
}

async function status(id: number) {
	return (
		await getDb()
			.selectFrom('supplyRequest')
			.select('status')
			.where('id', '=', id)
			.executeTakeFirstOrThrow()
	).status;
}

async function submitted() {
	const id = await requests.create(world.teacher.actor, input());
	await requests.submit(world.teacher.actor, id);
	return id;
}

async function lineIds(id: number) {
	return (await requests.get(world.coordinator.actor, id)).lines.map((l) => l.id);
}

beforeEach(async () => {
	world = await setup();
});

describe('drafts', () => {
	it('a teacher creates a draft for their own school with its lines and an audit entry', async () => {
		const id = await requests.create(world.teacher.actor, input());
		const view = await requests.get(world.teacher.actor, id);
		expect(view.status).toBe('draft');
		expect(view.schoolId).toBe(world.school.id);
		expect(view.lines.map((l) => [l.itemName, l.description, l.quantityRequested])).toEqual([
			['绘本套装', '', 10],
			[null, '木制书架', 2]
		]);
		expect(view.history.map((h) => [h.action, h.toState])).toEqual([['create', 'draft']]);
		expect(view.can).toMatchObject({ edit: true, submit: true, delete: true, review: false });
	});

	it('only teachers create requests', async () => {
		for (const who of [world.coordinator, world.sponsor, world.student, world.judge]) {
			await expect(requests.create(who.actor, input())).rejects.toBeInstanceOf(Forbidden);
		}
	});

	it('a draft is edited: lines replaced, content checked again', async () => {
		const id = await requests.create(world.teacher.actor, input());
		await requests.update(
			world.colleague.actor,
			id,
			input({
				purpose: '操场',
				lines: [{ catalogItemId: world.balls, description: '', quantity: 5, reason: '' }]
			})
		);
		const view = await requests.get(world.teacher.actor, id);
		expect(view.purpose).toBe('操场');
		expect(view.lines.map((l) => [l.position, l.itemName, l.quantityRequested])).toEqual([
			[1, 'Football', 5]
		]);
		await expect(
			requests.update(world.teacher.actor, id, input({ lines: [] }))
		).rejects.toBeInstanceOf(RuleViolation);
	});

	it('a retired catalog item cannot be chosen, and the error names its row', async () => {
		await catalog.setActive(world.coordinator.actor, world.balls, false);
		const error = await requests
			.create(
				world.teacher.actor,
				input({
					lines: [{ catalogItemId: world.balls, description: '', quantity: 1, reason: '', row: 3 }]
				})
			)
			.catch((e) => e);
		expect(error).toBeInstanceOf(RuleViolation);
		expect(error.field).toBe('item_3');
	});

	it('a draft is deleted; a submitted request is not', async () => {
		const id = await requests.create(world.teacher.actor, input());
		await requests.remove(world.teacher.actor, id);
		await expect(requests.get(world.teacher.actor, id)).rejects.toBeInstanceOf(NotFound);
		expect(
			await getDb().selectFrom('requestLine').select('id').where('requestId', '=', id).execute()
		).toEqual([]);
		const other = await submitted();
		await expect(requests.remove(world.teacher.actor, other)).rejects.toBeInstanceOf(Conflict);
		await expect(requests.update(world.teacher.actor, other, input())).rejects.toBeInstanceOf(
			Conflict
		);
	});

	it("another school's teacher gets NotFound for everything, and changes nothing", async () => {
		const id = await requests.create(world.teacher.actor, input());
		const other = world.otherTeacher.actor;
		await expect(requests.get(other, id)).rejects.toBeInstanceOf(NotFound);
		await expect(requests.update(other, id, input())).rejects.toBeInstanceOf(NotFound);
		await expect(requests.submit(other, id)).rejects.toBeInstanceOf(NotFound);
		await expect(requests.remove(other, id)).rejects.toBeInstanceOf(NotFound);
		await expect(requests.get(other, 999_999)).rejects.toBeInstanceOf(NotFound);
		expect(await status(id)).toBe('draft');
		const list = await requests.list(other);
		expect(list.items).toEqual([]);
	});
});

describe('submit and withdraw', () => {
	it('submit: draft → submitted, coordinators notified in the same change', async () => {
		const id = await submitted();
		expect(await status(id)).toBe('submitted');
		const notes = await getDb().selectFrom('notification').selectAll().execute();
		expect(notes.map((n) => [n.userId, n.kind, n.subjectId])).toEqual([
			[world.coordinator.id, 'request_submitted', id]
		]);
		expect(JSON.parse(notes[0].params)).toEqual({ id, school: '希望小学' });
	});

	it('submitting twice is a Conflict that says the state', async () => {
		const id = await submitted();
		const error = await requests.submit(world.teacher.actor, id).catch((e) => e);
		expect(error).toBeInstanceOf(Conflict);
		expect(error.message).toMatch(/待审核|Waiting for review/);
	});

	it('coordinators and sponsors cannot submit; other schools cannot see', async () => {
		const id = await requests.create(world.teacher.actor, input());
		await expect(requests.submit(world.coordinator.actor, id)).rejects.toBeInstanceOf(Forbidden);
		await expect(requests.submit(world.sponsor.actor, id)).rejects.toBeInstanceOf(NotFound);
		await expect(requests.submit(world.student.actor, id)).rejects.toBeInstanceOf(NotFound);
	});

	it('a draft whose date has passed cannot be submitted', async () => {
		const id = await requests.create(world.teacher.actor, input());
		await getDb()
			.updateTable('supplyRequest')
			.set({ neededBy: '2020-01-01' })
			.where('id', '=', id)
			.execute();
		await expect(requests.submit(world.teacher.actor, id)).rejects.toBeInstanceOf(RuleViolation);
		expect(await status(id)).toBe('draft');
	});

	it('withdraw: submitted → draft; not from draft or approved', async () => {
		const id = await submitted();
		await requests.withdraw(world.teacher.actor, id);
		expect(await status(id)).toBe('draft');
		await expect(requests.withdraw(world.teacher.actor, id)).rejects.toBeInstanceOf(Conflict);
		await expect(requests.withdraw(world.coordinator.actor, id)).rejects.toBeInstanceOf(Forbidden);
		const view = await requests.get(world.teacher.actor, id);
		expect(view.history.map((h) => h.action)).toEqual(['create', 'submit', 'withdraw']);
	});
});

describe('review', () => {
	it('approve every line in full → approved; teachers of the school notified', async () => {
		const id = await submitted();
		const [a, b] = await lineIds(id);
		const to = await requests.review(world.coordinator.actor, id, {
			note: '',
			lines: [
				{ lineId: a, approved: 10, note: '' },
				{ lineId: b, approved: 2, note: '' }
			]
		});
		expect(to).toBe('approved');
		const view = await requests.get(world.teacher.actor, id);
		expect(view.status).toBe('approved');
		expect(view.lines.map((l) => l.quantityApproved)).toEqual([10, 2]);
		const notes = await getDb()
			.selectFrom('notification')
			.selectAll()
			.where('kind', '=', 'request_reviewed')
			.execute();
		expect(notes.map((n) => n.userId).sort()).toEqual(
			[world.teacher.id, world.colleague.id].sort()
		);
		expect(JSON.parse(notes[0].params)).toEqual({ id, approved: 12, requested: 12 });
	});

	it('a cut needs a reason; with one → partially approved', async () => {
		const id = await submitted();
		const [a, b] = await lineIds(id);
		const noReason = await requests
			.review(world.coordinator.actor, id, {
				note: '',
				lines: [
					{ lineId: a, approved: 6, note: '' },
					{ lineId: b, approved: 2, note: '' }
				]
			})
			.catch((e) => e);
		expect(noReason).toBeInstanceOf(RuleViolation);
		expect(noReason.field).toBe(`note_${a}`);
		expect(await status(id)).toBe('submitted');
		await requests.review(world.coordinator.actor, id, {
			note: '',
			lines: [
				{ lineId: a, approved: 6, note: '库存有限' },
				{ lineId: b, approved: 2, note: '' }
			]
		});
		const view = await requests.getForSchool(world.teacher.actor, id);
		expect(view.status).toBe('partially_approved');
		expect(view.lines[0].reviewNote).toBe('库存有限');
	});

	it("a sponsor's view of an approved request carries the need and its outcome, no people or internal notes", async () => {
		const id = await submitted();
		const [a, b] = await lineIds(id);
		await requests.review(world.coordinator.actor, id, {
			note: '部分库存',
			lines: [
				{ lineId: a, approved: 6, note: '库存有限' },
				{ lineId: b, approved: 2, note: '' }
			]
		});
		const seen = await requests.get(world.sponsor.actor, id);
		expect(seen.audience).toBe('sponsor');
		expect(seen.status).toBe('partially_approved');
		expect(seen.lines.map((l) => l.quantityApproved)).toEqual([6, 2]);
		const text = JSON.stringify(seen);
		for (const secret of [
			'库存有限',
			'部分库存',
			world.teacher.displayName,
			world.coordinator.displayName
		])
			expect(text).not.toContain(secret);
		for (const key of ['createdBy', 'createdByName', 'reviewedByName', 'reviewNote', 'actorName'])
			expect(text).not.toContain(`"${key}":`);
		expect(seen.history.map((h) => h.action)).toContain('review');
		const staff = await requests.get(world.coordinator.actor, id);
		expect(staff.audience).toBe('internal');
		expect(JSON.stringify(staff)).toContain('库存有限');
	});

	it('approved can never exceed requested (service and database)', async () => {
		const id = await submitted();
		const [a, b] = await lineIds(id);
		const over = await requests
			.review(world.coordinator.actor, id, {
				note: '',
				lines: [
					{ lineId: a, approved: 11, note: '' },
					{ lineId: b, approved: 2, note: '' }
				]
			})
			.catch((e) => e);
		expect(over).toBeInstanceOf(RuleViolation);
		expect(over.field).toBe(`approved_${a}`);
		await expect(
			getDb().updateTable('requestLine').set({ quantityApproved: 11 }).where('id', '=', a).execute()
		).rejects.toThrow(/check/i);
	});

	it('everything 0 → rejected, and the note is required', async () => {
		const id = await submitted();
		const [a, b] = await lineIds(id);
		const zero = [
			{ lineId: a, approved: 0, note: '' },
			{ lineId: b, approved: 0, note: '' }
		];
		const error = await requests
			.review(world.coordinator.actor, id, { note: '', lines: zero })
			.catch((e) => e);
		expect(error).toBeInstanceOf(RuleViolation);
		expect(error.field).toBe('reviewNote');
		expect(
			await requests.review(world.coordinator.actor, id, { note: '重复申请', lines: zero })
		).toBe('rejected');
		const view = await requests.getForSchool(world.teacher.actor, id);
		expect(view.reviewNote).toBe('重复申请');
		expect(view.history.at(-1)).toMatchObject({
			action: 'review',
			toState: 'rejected',
			reason: '重复申请'
		});
	});

	it('every line must be decided', async () => {
		const id = await submitted();
		const [a] = await lineIds(id);
		await expect(
			requests.review(world.coordinator.actor, id, {
				note: '',
				lines: [{ lineId: a, approved: 10, note: '' }]
			})
		).rejects.toBeInstanceOf(RuleViolation);
	});

	it('two coordinators reviewing at once: exactly one wins, the other gets a Conflict', async () => {
		const id = await submitted();
		const [a, b] = await lineIds(id);
		const second = await makeUser('coordinator');
		const decide = (approved: number) => ({
			note: '',
			lines: [
				{ lineId: a, approved, note: approved < 10 ? 'cut' : '' },
				{ lineId: b, approved: 2, note: '' }
			]
		});
		const results = await Promise.allSettled([
			requests.review(world.coordinator.actor, id, decide(10)),
			requests.review(second.actor, id, decide(5)),
			requests.withdraw(world.teacher.actor, id)
		]);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(Conflict);
		const reviews = (await requests.get(world.coordinator.actor, id)).history.filter(
			(h) => h.fromState === 'submitted'
		);
		expect(reviews).toHaveLength(1);
	});

	it('only coordinators review, only submitted requests', async () => {
		const draft = await requests.create(world.teacher.actor, input());
		const [a, b] = await lineIds(draft);
		const all = {
			note: '',
			lines: [
				{ lineId: a, approved: 10, note: '' },
				{ lineId: b, approved: 2, note: '' }
			]
		};
		await expect(requests.review(world.coordinator.actor, draft, all)).rejects.toBeInstanceOf(
			Conflict
		);
		await requests.submit(world.teacher.actor, draft);
		await expect(requests.review(world.teacher.actor, draft, all)).rejects.toBeInstanceOf(
			Forbidden
		);
		await expect(requests.review(world.sponsor.actor, draft, all)).rejects.toBeInstanceOf(NotFound);
		await requests.review(world.coordinator.actor, draft, all);
		await expect(requests.review(world.coordinator.actor, draft, all)).rejects.toBeInstanceOf(
			Conflict
		);
		// Approved: sponsors may now see it
		expect((await requests.get(world.sponsor.actor, draft)).status).toBe('approved');
	});
});

describe('fulfilment, delivery and closing', () => {
	async function approved() {
		const id = await submitted();
		const [a, b] = await lineIds(id);
		await requests.review(world.coordinator.actor, id, {
			note: '',
			lines: [
				{ lineId: a, approved: 10, note: '' },
				{ lineId: b, approved: 0, note: '学校已有书架' }
			]
		});
		return { id, a, b };
	}

	it('markFulfilling moves approved → fulfilling once; a draft is a Conflict', async () => {
		const { id } = await approved();
		const db = getDb();
		expect(
			await db
				.transaction()
				.execute((trx) => requests.markFulfilling(trx, id, world.coordinator.id))
		).toBe(true);
		expect(await status(id)).toBe('fulfilling');
		expect(
			await db
				.transaction()
				.execute((trx) => requests.markFulfilling(trx, id, world.coordinator.id))
		).toBe(false);
		const draft = await requests.create(world.teacher.actor, input());
		await expect(
			db.transaction().execute((trx) => requests.markFulfilling(trx, draft, world.coordinator.id))
		).rejects.toBeInstanceOf(Conflict);
	});

	it('recomputeDelivery: delivered only once every approved line is received; then close', async () => {
		const { id, a } = await approved();
		const db = getDb();
		await db.transaction().execute((trx) => requests.markFulfilling(trx, id, world.coordinator.id));
		await db.updateTable('requestLine').set({ quantityReceived: 9 }).where('id', '=', a).execute();
		expect(
			await db
				.transaction()
				.execute((trx) => requests.recomputeDelivery(trx, id, world.coordinator.id))
		).toBe(false);
		await expect(requests.close(world.coordinator.actor, id)).rejects.toBeInstanceOf(Conflict);
		await db.updateTable('requestLine').set({ quantityReceived: 10 }).where('id', '=', a).execute();
		expect(
			await db
				.transaction()
				.execute((trx) => requests.recomputeDelivery(trx, id, world.coordinator.id))
		).toBe(true);
		expect(await status(id)).toBe('delivered');
		await expect(requests.close(world.teacher.actor, id)).rejects.toBeInstanceOf(Forbidden);
		await requests.close(world.coordinator.actor, id, '完成');
		const view = await requests.get(world.teacher.actor, id);
		expect(view.status).toBe('closed');
		expect(view.history.map((h) => `${h.fromState ?? ''}>${h.toState ?? ''}`)).toEqual([
			'>draft',
			'draft>submitted',
			'submitted>partially_approved',
			'partially_approved>fulfilling',
			'fulfilling>delivered',
			'delivered>closed'
		]);
	});
});

describe('lists', () => {
	it('teachers see their own school; coordinators default to waiting for review; pages of 20', async () => {
		const draft = await requests.create(world.teacher.actor, input());
		const sent = await submitted();
		const elsewhere = await requests.create(world.otherTeacher.actor, input());
		const mine = await requests.list(world.teacher.actor);
		expect(mine.items.map((r) => r.id).sort()).toEqual([draft, sent].sort());
		const waiting = await requests.list(world.coordinator.actor);
		expect(waiting.items.map((r) => r.id)).toEqual([sent]);
		expect(waiting.items[0]).toMatchObject({ lineCount: 2 });
		// Its lines' quantities are in different units: never one sum.
		expect(waiting.items[0]).not.toHaveProperty('quantityRequested');
		const all = await requests.list(world.coordinator.actor, { status: 'all' });
		expect(all.total).toBe(3);
		expect(all.items.map((r) => r.id)).toContain(elsewhere);
		for (let i = 0; i < 21; i++) await requests.create(world.teacher.actor, input());
		const page2 = await requests.list(world.teacher.actor, { page: 2 });
		expect(page2).toMatchObject({ page: 2, pages: 2, total: 23 });
		expect(page2.items).toHaveLength(3);
	});

	it('students, judges and sponsors cannot list requests', async () => {
		for (const who of [world.student, world.judge, world.sponsor]) {
			await expect(requests.list(who.actor)).rejects.toBeInstanceOf(Forbidden);
		}
	});
});

describe('form input', () => {
	const base = () => ({ purpose: '阅读角', neededBy: daysFromToday(10) });

	it.each([
		['0', false],
		['-1', false],
		['1.5', false],
		['1e9', false],
		['100001', false],
		['', false],
		['１２', true],
		['12', true],
		['100000', true]
	])('quantity %j accepted: %s', (quantity, ok) => {
		const parsed = parseRequestForm({ ...base(), description_0: '书架', quantity_0: quantity });
		expect(parsed.ok).toBe(ok);
		if (parsed.ok) expect(Number.isInteger(parsed.data.lines[0].quantity)).toBe(true);
		else expect(parsed.errors.quantity_0).toBeTruthy();
	});

	it('full-width digits read as the number', () => {
		const parsed = parseRequestForm({ ...base(), description_0: '书架', quantity_0: '１２' });
		expect(parsed.ok && parsed.data.lines[0].quantity).toBe(12);
	});

	it.each([
		['2026-02-30', 'req_error_date_format'],
		['1900-01-01', 'req_error_date_past'],
		['9999-12-31', 'req_error_date_far'],
		['tomorrow', 'req_error_date_format'],
		['', 'req_error_date_format']
	])('date %j is refused (%s)', (date, problem) => {
		expect(neededByProblem(date)).toBe(problem);
		const parsed = parseRequestForm({
			...base(),
			neededBy: date,
			description_0: 'x',
			quantity_0: '1'
		});
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(parsed.errors.neededBy).toBeTruthy();
	});

	it('today and two years ahead are the bounds', () => {
		expect(neededByProblem(today())).toBeNull();
		expect(neededByProblem(twoYearsAfter(today()))).toBeNull();
		expect(twoYearsAfter('2024-02-29')).toBe('2026-02-28');
	});

	it('blank, huge and markup text get field errors', () => {
		const blank = parseRequestForm({ purpose: '', neededBy: daysFromToday(1) });
		expect(blank.ok).toBe(false);
		if (!blank.ok) {
			expect(blank.errors.purpose).toBeTruthy();
			expect(blank.errors.lines).toBeTruthy();
		}
		const huge = parseRequestForm({
			purpose: 'x'.repeat(10_000),
			neededBy: daysFromToday(1),
			description_0: 'y'.repeat(10_000),
			quantity_0: '1'
		});
		expect(huge.ok).toBe(false);
		if (!huge.ok) expect(Object.keys(huge.errors).sort()).toEqual(['description_0', 'purpose']);
		const script = parseRequestForm({
			purpose: '<script>alert(1)</script>',
			neededBy: daysFromToday(1),
			description_0: '书架',
			quantity_0: '1',
			reason_2: '<b>'
		});
		expect(script.ok).toBe(false);
		if (!script.ok)
			expect(Object.keys(script.errors).sort()).toEqual([
				'description_2',
				'purpose',
				'quantity_2',
				'reason_2'
			]);
	});

	it('a row needs an item or a description; blank rows are skipped', () => {
		const parsed = parseRequestForm({
			...base(),
			quantity_1: '3',
			item_4: String(world.books),
			quantity_4: '2'
		});
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual(['description_1']);
		const ok = parseRequestForm({ ...base(), item_4: String(world.books), quantity_4: '2' });
		expect(ok.ok && ok.data.lines).toEqual([
			{ catalogItemId: world.books, description: '', quantity: 2, reason: '', row: 4 }
		]);
		const badItem = parseRequestForm({ ...base(), item_0: '../1', quantity_0: '2' });
		expect(!badItem.ok && badItem.errors.item_0).toBeTruthy();
	});

	it('the service refuses what a form would (a caller that skipped the schema)', async () => {
		for (const quantity of [0, -1, 1.5, 1e9]) {
			await expect(
				requests.create(
					world.teacher.actor,
					input({ lines: [{ catalogItemId: null, description: 'x', quantity, reason: '' }] })
				)
			).rejects.toBeInstanceOf(RuleViolation);
		}
		for (const neededBy of ['2026-02-30', '1900-01-01', '9999-12-31']) {
			await expect(
				requests.create(world.teacher.actor, input({ neededBy }))
			).rejects.toBeInstanceOf(RuleViolation);
		}
		await expect(
			requests.create(world.teacher.actor, input({ purpose: 'x'.repeat(10_000) }))
		).rejects.toBeInstanceOf(RuleViolation);
		await expect(
			requests.create(
				world.teacher.actor,
				input({
					lines: Array.from({ length: 51 }, () => ({
						catalogItemId: null,
						description: 'x',
						quantity: 1,
						reason: ''
					}))
				})
			)
		).rejects.toBeInstanceOf(RuleViolation);
		expect(await getDb().selectFrom('supplyRequest').select('id').execute()).toEqual([]);
	});

	it('review form: approved must be a whole number, cut notes bounded', () => {
		const parsed = parseReviewForm(
			{ approved_7: '1.5', note_7: '', approved_8: '３', reviewNote: '' },
			[7, 8]
		);
		expect(parsed.ok).toBe(false);
		if (!parsed.ok) expect(Object.keys(parsed.errors)).toEqual(['approved_7']);
		const ok = parseReviewForm(
			{ approved_7: '0', note_7: '不需要', approved_8: '３', reviewNote: '' },
			[7, 8]
		);
		expect(ok.ok && ok.data.lines).toEqual([
			{ lineId: 7, approved: 0, note: '不需要' },
			{ lineId: 8, approved: 3, note: '' }
		]);
	});
});
