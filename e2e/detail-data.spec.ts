import type { Browser, Page } from '@playwright/test';
import { test, expect, signIn, pageData, postForm } from './fixtures';

// What each audience's `__data.json` carries on the pledge, student and staff-only detail pages:
// the projection is decided on the server, so a hidden field must be absent from the payload, not
// just from the page.

async function signedIn(browser: Browser, account?: string): Promise<Page> {
	const context = await browser.newContext({ locale: 'en-US' });
	const page = await context.newPage();
	if (account) await signIn(page, account);
	return page;
}

const stamp = () => `${Date.now() % 1_000_000}-${Math.floor(Math.random() * 1000)}`;
/** Staff and teachers of the demo, and its other school's pupil. */
const COORDINATOR = '周协调';
const TEACHER = '李明老师';
const OTHER_SCHOOL_PUPIL = '李小花';

test.describe.serial('a pledge detail, per audience', () => {
	const note = `E2E 赞助备注 note ${stamp()}`;
	const reason = `E2E 内部原因 internal reason ${stamp()}`;
	let pledgeId = 0;

	test('the sponsor pledges and the coordinator cancels it with a reason', async ({ browser }) => {
		const sponsor = await signedIn(browser, 'sponsor');
		const needs = await pageData(sponsor.request, '/needs');
		const items = (needs.data?.needs as { items: { lineId: number; open: number }[] }).items;
		const line = [...items].sort((a, b) => b.open - a.open)[0];
		expect(line.open).toBeGreaterThan(0);
		const made = await postForm(sponsor.request, '/needs?/pledge', {
			lineId: String(line.lineId),
			quantity: '1',
			note
		});
		expect(made.status()).toBe(303);
		const mine = await pageData(sponsor.request, '/pledges');
		const listed = (mine.data?.pledges as { items: { id: number; note: string }[] }).items;
		pledgeId = listed.find((p) => p.note === note)?.id ?? 0;
		expect(pledgeId).toBeGreaterThan(0);
		await sponsor.context().close();

		const coordinator = await signedIn(browser, 'coordinator');
		const cancelled = await postForm(coordinator.request, `/pledges/${pledgeId}?/cancel`, {
			confirm: 'yes',
			reason
		});
		expect(cancelled.status()).toBe(303);
		// Staff see who cancelled it and why.
		const staff = await pageData(coordinator.request, `/pledges/${pledgeId}`);
		expect(staff.status).toBe(200);
		expect(staff.text).toContain(reason);
		expect(staff.text).toContain(COORDINATOR);
		await coordinator.context().close();
	});

	test("the sponsor's payload has the pledge and its timeline, no staff, ids or reasons", async ({
		browser
	}) => {
		const sponsor = await signedIn(browser, 'sponsor');
		const own = await pageData(sponsor.request, `/pledges/${pledgeId}`);
		expect(own.status).toBe(200);
		const pledge = own.data?.pledge as Record<string, unknown> & {
			history: Record<string, unknown>[];
		};
		expect(pledge).toMatchObject({ id: pledgeId, note, status: 'cancelled', quantity: 1 });
		expect(pledge.history.map((h) => h.action)).toEqual(
			expect.arrayContaining(['create', 'cancel'])
		);
		for (const entry of pledge.history) {
			expect(Object.keys(entry).sort()).toEqual(['action', 'at', 'fromState', 'id', 'toState']);
		}
		for (const key of Object.keys(pledge))
			expect(key).not.toMatch(/^(actor|createdBy|pledgedBy$|cancelledBy|reason)/);
		for (const internal of [reason, COORDINATOR, TEACHER, 'actorName', 'actorId', '$argon2'])
			expect(own.text, internal).not.toContain(internal);
		await sponsor.context().close();
	});

	test('nobody else finds the pledge: 404 with no data, or the sign-in page', async ({
		browser
	}) => {
		for (const who of ['teacher', 'teacher2', 'student', 'judge']) {
			const page = await signedIn(browser, who);
			expect((await page.goto(`/pledges/${pledgeId}`))?.status(), who).toBe(404);
			const data = await pageData(page.request, `/pledges/${pledgeId}`);
			expect(data.status, who).toBe(404);
			expect(data.text, who).not.toContain(note);
			await page.context().close();
		}
		const anonymous = await signedIn(browser);
		const data = await pageData(anonymous.request, `/pledges/${pledgeId}`);
		expect(data.status).toBe(303);
		expect(data.text).not.toContain(note);
		await anonymous.context().close();
	});
});

test.describe.serial('a student and the class list, per audience', () => {
	const name = `测试生${stamp().replace(/\D/g, '').slice(0, 6)}`;
	let studentId = 0;
	let username = '';

	test("the teacher's payloads carry their school's pupils, never a hash or another school", async ({
		browser
	}) => {
		const teacher = await signedIn(browser, 'teacher');
		const made = await postForm(teacher.request, '/students/new', {
			displayName: name,
			grade: 'g3',
			username: ''
		});
		expect(made.status()).toBe(303);
		studentId = Number(/\/students\/(\d+)$/.exec(made.headers()['location'] ?? '')?.[1]);
		expect(studentId).toBeGreaterThan(0);

		const detail = await pageData(teacher.request, `/students/${studentId}`);
		expect(detail.status).toBe(200);
		const student = detail.data?.student as Record<string, unknown>;
		expect(student).toMatchObject({ id: studentId, displayName: name, grade: 'g3' });
		username = String(student.username);
		expect(Object.keys(student)).not.toContain('passwordHash');
		// The initial password is shown to its maker once, as a password: never as a hash.
		const revealed = detail.data?.revealed as { password: string } | null;
		expect(revealed?.password).toMatch(/^\w{4}-\w{4}-\w{4}$/);
		for (const hidden of ['$argon2', 'passwordHash', OTHER_SCHOOL_PUPIL, 'xiaohua'])
			expect(detail.text, hidden).not.toContain(hidden);
		// Once: the next load no longer carries it.
		const again = await pageData(teacher.request, `/students/${studentId}`);
		expect(again.text).not.toContain(revealed!.password);

		const list = await pageData(teacher.request, '/students');
		expect(list.status).toBe(200);
		expect(list.text).toContain(name);
		expect(list.text).toContain('刘洋');
		const items = (list.data?.students as { items: Record<string, unknown>[] }).items;
		for (const row of items)
			expect(Object.keys(row).sort()).toEqual(
				['disabledAt', 'displayName', 'grade', 'id', 'username'].sort()
			);
		for (const hidden of ['$argon2', 'passwordHash', OTHER_SCHOOL_PUPIL, 'xiaohua'])
			expect(list.text, hidden).not.toContain(hidden);
		await teacher.context().close();
	});

	test('the coordinator sees the student; other schools, sponsors and pupils get no data', async ({
		browser
	}) => {
		const coordinator = await signedIn(browser, 'coordinator');
		const seen = await pageData(coordinator.request, `/students/${studentId}`);
		expect(seen.status).toBe(200);
		expect(seen.data?.student).toMatchObject({ id: studentId, displayName: name, username });
		// The password was revealed to the teacher who made it, not to whoever looks next.
		expect(seen.data?.revealed ?? null).toBeNull();
		expect(seen.text).not.toContain('$argon2');
		await coordinator.context().close();

		for (const who of ['teacher2', 'sponsor', 'student', 'judge']) {
			const page = await signedIn(browser, who);
			expect((await page.goto(`/students/${studentId}`))?.status(), who).toBe(404);
			const data = await pageData(page.request, `/students/${studentId}`);
			expect(data.status, who).toBe(404);
			for (const hidden of [name, username])
				expect(data.text, `${who}: ${hidden}`).not.toContain(hidden);
			// Nor can they change the student.
			const update = await postForm(page.request, `/students/${studentId}?/update`, {
				displayName: 'Taken over',
				grade: 'g4'
			});
			expect(update.status(), who).toBe(404);
			await page.context().close();
		}
		// The other school's teacher has their own class list, without this school's pupils.
		const other = await signedIn(browser, 'teacher2');
		const list = await pageData(other.request, '/students');
		expect(list.status).toBe(200);
		expect(list.text).toContain(OTHER_SCHOOL_PUPIL);
		for (const hidden of [name, '刘洋', '$argon2']) expect(list.text, hidden).not.toContain(hidden);
		await other.context().close();
	});
});

// The storeroom, the catalog and the people pages are the staff's own: their payloads go to
// coordinators only, and carry no secret even then (a password's hash, an invitation's token).
test.describe('the staff-only detail pages, per audience', () => {
	/** Each detail page, found through the coordinator's own list (read, never changed here). */
	const pages: { path: string; list: string; ids: (data: Record<string, unknown>) => number[] }[] =
		[
			{
				path: '/stock',
				list: '/stock',
				ids: (d) => (d.levels as { items: { itemId: number }[] }).items.map((i) => i.itemId)
			},
			{
				path: '/catalog',
				list: '/catalog',
				ids: (d) => (d.items as { items: { id: number }[] }).items.map((i) => i.id)
			},
			{
				path: '/admin/schools',
				list: '/admin/schools',
				ids: (d) => (d.schools as { items: { id: number }[] }).items.map((i) => i.id)
			},
			{
				path: '/admin/organisations',
				list: '/admin/organisations',
				ids: (d) => (d.organisations as { id: number }[]).map((i) => i.id)
			},
			{
				path: '/admin/users',
				list: '/admin/users',
				ids: (d) => (d.users as { items: { id: number }[] }).items.map((i) => i.id)
			},
			{
				path: '/admin/invitations',
				list: '/admin/invitations',
				ids: (d) => (d.invitations as { items: { id: number }[] }).items.map((i) => i.id)
			}
		];

	for (const { path, list, ids } of pages) {
		test(`${path}/:id goes to coordinators only, with no secrets`, async ({ browser }) => {
			const coordinator = await signedIn(browser, 'coordinator');
			const listed = await pageData(coordinator.request, list);
			expect(listed.status).toBe(200);
			const found = ids(listed.data ?? {});
			expect(found.length, `${list} lists something to open`).toBeGreaterThan(0);
			const detail = `${path}/${found[0]}`;
			const staff = await pageData(coordinator.request, detail);
			expect(staff.status, detail).toBe(200);
			for (const secret of ['$argon2', 'passwordHash', 'tokenHash', 'token_hash'])
				expect(staff.text, secret).not.toContain(secret);
			await coordinator.context().close();

			for (const who of ['teacher', 'sponsor', 'student', 'judge']) {
				const page = await signedIn(browser, who);
				const data = await pageData(page.request, detail);
				expect([403, 404], `${who} on ${detail}`).toContain(data.status);
				// The page's node is the error itself: nothing of the row it guards is sent.
				expect(data.data, who).toBeNull();
				await page.context().close();
			}
			const anonymous = await signedIn(browser);
			expect((await pageData(anonymous.request, detail)).status).toBe(303);
			await anonymous.context().close();
		});
	}
});
