import type { Browser, Page } from '@playwright/test';
import { test, expect, expectAccessible, postForm, useLocale } from './fixtures';

const PHONE = { width: 360, height: 780 };

/** Opens a page as a fresh signed-in account in the given language. */
async function open(browser: Browser, account: string, locale: 'en' | 'zh-CN' = 'en') {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-US' : 'zh-CN',
		viewport: PHONE
	});
	const page = await context.newPage();
	await useLocale(page, locale);
	await signInQuickly(page, account);
	return page;
}

/** Signs a page's context in by posting the login form directly (the cookie is shared). */
async function signInQuickly(page: Page, username: string, password = 'demo-password') {
	const response = await postForm(page.request, '/login', { username, password });
	expect(response.status(), `sign in as ${username}`).toBe(303);
}

async function userId(page: Page, username: string): Promise<number> {
	await page.goto(`/admin/users?q=${username}`);
	const href = await page
		.locator('tbody tr', { hasText: username })
		.locator('a')
		.first()
		.getAttribute('href');
	return Number(href!.split('/').pop());
}

test.describe('people and places', () => {
	test('a coordinator adds a school, invites a teacher, and the teacher joins', async ({
		browser
	}) => {
		const coordinator = await open(browser, 'coordinator');
		await coordinator.goto('/admin/schools/new');
		await expectAccessible(coordinator);
		const name = `新村小学 ${Date.now() % 100000}`;
		await coordinator.getByLabel('School name').fill(name);
		await coordinator.getByLabel('Kind of school').selectOption('primary');
		await coordinator.getByLabel('Village or town').fill('新村');
		await coordinator.getByLabel('Grade 1').fill('１２');
		await coordinator.getByRole('button', { name: 'Add a school' }).click();
		await expect(coordinator.getByRole('status')).toContainText('School added');
		await expect(coordinator.getByLabel('Grade 1')).toHaveValue('12');

		await coordinator.goto('/admin/invitations/new');
		await coordinator.getByLabel('Role').selectOption('teacher');
		await coordinator.locator('select[name=schoolId]').selectOption({ label: name });
		await coordinator.getByLabel('Note').fill('For the new teacher');
		await coordinator.getByRole('button', { name: 'Create invitation link' }).click();
		const link = await coordinator.getByTestId('invite-link').inputValue();
		expect(link).toMatch(/\/invite\/[a-z2-7]{32}$/);
		await expectAccessible(coordinator);
		// Shown once: a reload no longer shows it.
		await coordinator.reload();
		await expect(coordinator.getByTestId('invite-link')).toHaveCount(0);

		const stranger = await (
			await browser.newContext({ viewport: PHONE, locale: 'en-US' })
		).newPage();
		await stranger.goto(link);
		await expect(stranger.getByText(name)).toBeVisible();
		await expectAccessible(stranger);
		const username = `newteacher${Date.now() % 100000}`;
		await stranger.getByLabel('Username').fill(username);
		await stranger.getByLabel('Your name').fill('新老师');
		await stranger.getByLabel('New password', { exact: true }).fill('a good long phrase');
		await stranger.getByLabel('New password again').fill('a good long phrase');
		await stranger.getByRole('button', { name: 'Create my account' }).click();
		await expect(stranger).toHaveURL('/');
		await expect(stranger.getByRole('heading', { level: 1 })).toContainText('新老师');
		await expect(stranger.locator('main')).toContainText(name);

		// Single use: the link now explains itself, with no form and no 500.
		const again = await (await browser.newContext({ locale: 'en-US' })).newPage();
		const response = await again.goto(link);
		expect(response!.status()).toBe(200);
		await expect(again.getByRole('heading', { level: 1 })).toContainText('already been used');
		await expectAccessible(again);
		const bad = await again.goto('/invite/not-a-real-token');
		expect(bad!.status()).toBe(200);
		await expect(again.getByRole('heading', { level: 1 })).toContainText('valid');
	});

	test('a teacher adds a student and resets their password', async ({ browser }) => {
		const teacher = await open(browser, 'teacher');
		await teacher.goto('/students');
		await expectAccessible(teacher);
		await teacher.getByRole('link', { name: 'Add a student' }).first().click();
		await teacher.getByLabel("Student's name").fill('测试学生');
		await teacher.getByLabel('Grade', { exact: true }).selectOption('g3');
		await teacher.getByRole('button', { name: 'Add student' }).click();
		await expect(teacher.getByRole('heading', { name: 'Student added' })).toBeVisible();
		const username = await teacher.getByTestId('student-username').innerText();
		const password = await teacher.getByTestId('student-password').innerText();
		expect(username).toMatch(/^s\d+-\d{4}$/);
		await expectAccessible(teacher);

		const student = await (await browser.newContext()).newPage();
		await signInQuickly(student, username, password);
		await student.goto('/');
		await expect(student.getByRole('heading', { level: 1 })).toContainText('测试学生');

		await teacher.getByLabel('I understand').first().check();
		await teacher.getByRole('button', { name: 'Reset password' }).click();
		const fresh = await teacher.getByTestId('student-password').innerText();
		expect(fresh).not.toBe(password);
		// The student's session ended at once.
		await student.goto('/account/password');
		await expect(student).toHaveURL(/\/login/);
		await signInQuickly(student, username, fresh);
	});

	test('a coordinator chooses a school, adds a student there and sees the password once', async ({
		browser
	}) => {
		const coordinator = await open(browser, 'coordinator');
		const list = await coordinator.goto('/students');
		expect(list!.status()).toBe(200);
		await expectAccessible(coordinator);
		await coordinator.getByLabel('School', { exact: true }).selectOption({ label: '希望小学' });
		await coordinator.getByRole('button', { name: "Show this school's students" }).click();
		await expect(coordinator).toHaveURL(/\/students\?school=\d+$/);
		const schoolId = new URL(coordinator.url()).searchParams.get('school');
		await expect(coordinator.locator('main')).toContainText('希望小学');
		await expectAccessible(coordinator);
		await coordinator.getByRole('link', { name: 'Add a student' }).first().click();
		await expect(coordinator).toHaveURL(`/students/new?school=${schoolId}`);
		await coordinator.getByLabel("Student's name").fill('协调员添加');
		await coordinator.getByLabel('Grade', { exact: true }).selectOption('g4');
		await coordinator.getByRole('button', { name: 'Add student' }).click();
		await expect(coordinator.getByRole('heading', { name: 'Student added' })).toBeVisible();
		const username = await coordinator.getByTestId('student-username').innerText();
		const password = await coordinator.getByTestId('student-password').innerText();
		expect(username).toMatch(new RegExp(`^s${schoolId}-\\d{4}$`));
		// Shown once: a reload no longer shows it.
		await coordinator.reload();
		await expect(coordinator.getByTestId('student-password')).toHaveCount(0);
		const student = await (await browser.newContext()).newPage();
		await signInQuickly(student, username, password);
		await coordinator.goto(`/students?school=${schoolId}`);
		await expect(coordinator.locator('main')).toContainText('协调员添加');
	});

	test('a pasted class list with a bad line creates nothing and says which line', async ({
		browser
	}) => {
		const teacher = await open(browser, 'teacher');
		await teacher.goto('/students/import');
		await expectAccessible(teacher);
		await teacher.getByLabel('Class list').fill('张一, g5\n\n王二 4\n李三 g9');
		await teacher.getByRole('button', { name: 'Create accounts' }).click();
		await expect(teacher.getByText('Line 4')).toBeVisible();
		await expect(teacher.getByLabel('Class list')).toHaveValue('张一, g5\n\n王二 4\n李三 g9');
		await expectAccessible(teacher);
		await teacher.getByLabel('Class list').fill('张一, g5\n王二 ４');
		await teacher.getByRole('button', { name: 'Create accounts' }).click();
		await expect(teacher.getByRole('heading', { level: 1 })).toContainText('2 student accounts');
		await expect(teacher.locator('tbody tr')).toHaveCount(2);
	});

	test('a teacher cannot see or change another school’s student', async ({ browser }) => {
		const coordinator = await open(browser, 'coordinator');
		const otherId = await userId(coordinator, 'xiaohua');
		const teacher = await open(browser, 'teacher');
		const page = await teacher.goto(`/students/${otherId}`);
		expect(page!.status()).toBe(404);
		for (const action of ['update', 'reset', 'disable', 'enable']) {
			const response = await postForm(teacher.request, `/students/${otherId}?/${action}`, {
				displayName: 'Hacked',
				grade: 'g1',
				confirm: 'yes'
			});
			expect(response.status(), action).toBe(404);
			const empty = await postForm(teacher.request, `/students/${otherId}?/${action}`, {});
			expect(empty.status(), `${action} (empty)`).toBe(404);
		}
		expect((await teacher.goto('/students/abc'))!.status()).toBe(404);
		// A school id slipped into the new-student form is not read: the pupil joins the teacher's own school.
		const slipped = await postForm(teacher.request, '/students/new', {
			displayName: '混入学生',
			grade: 'g2',
			schoolId: '2'
		});
		expect(slipped.status()).toBe(303);
		const created = await teacher.goto(slipped.headers()['location']);
		expect(created!.status()).toBe(200);
		await expect(teacher.locator('main')).toContainText('希望小学');
		// The other teacher still sees the student unchanged.
		const teacher2 = await open(browser, 'teacher2');
		await teacher2.goto(`/students/${otherId}`);
		await expect(teacher2.getByLabel("Student's name")).toHaveValue('李小花');
	});

	test('a coordinator disables an account and it is signed out at once', async ({ browser }) => {
		const pupil = await open(browser, 'zhaomin');
		const coordinator = await open(browser, 'coordinator');
		const id = await userId(coordinator, 'zhaomin');
		await coordinator.goto(`/admin/users/${id}`);
		await expectAccessible(coordinator);
		// Without "I understand" the server refuses too (the browser already asks for it).
		const unconfirmed = await postForm(coordinator.request, `/admin/users/${id}?/disable`, {});
		expect(unconfirmed.status()).toBe(400);
		expect(await unconfirmed.text()).toContain('Tick “I understand”');
		await coordinator.getByLabel('I understand').check();
		await coordinator.getByRole('button', { name: 'Disable account' }).click();
		await expect(coordinator.getByRole('status')).toContainText('Account disabled');
		await pupil.goto('/account/password');
		await expect(pupil).toHaveURL(/\/login/);
		await coordinator.getByLabel('I understand').check();
		await coordinator.getByRole('button', { name: 'Enable account' }).click();
		await expect(coordinator.getByRole('status')).toContainText('Account enabled');
		await signInQuickly(pupil, 'zhaomin');
		await pupil.goto('/account/password');
		await expect(pupil).toHaveURL(/\/account\/password/);
	});

	test('changing a password keeps this session and ends the others', async ({ browser }) => {
		// A demo pupil nobody else's tests use: changing it ends its other sessions.
		const here = await open(browser, 'liuyang');
		const elsewhere = await open(browser, 'liuyang');
		await here.goto('/account/password');
		await expectAccessible(here);
		await here.getByLabel('Current password').fill('demo-password');
		await here.getByLabel('New password', { exact: true }).fill('password');
		await here.getByLabel('New password again').fill('password');
		await here.getByRole('button', { name: 'Change password' }).click();
		await expect(here.getByText('one of the most common').first()).toBeVisible();
		await here.getByLabel('Current password').fill('demo-password');
		await here.getByLabel('New password', { exact: true }).fill('sponsor phrase 2026');
		await here.getByLabel('New password again').fill('sponsor phrase 2026');
		await here.getByRole('button', { name: 'Change password' }).click();
		await expect(here.getByRole('status')).toContainText('Other devices have been signed out');
		await elsewhere.goto('/account/password');
		await expect(elsewhere).toHaveURL(/\/login/);
		await here.reload();
		await expect(here).toHaveURL(/\/account\/password/);
	});
});

const ADMIN_PAGES = [
	'/admin/schools',
	'/admin/schools/new',
	'/admin/schools/1',
	'/admin/counties',
	'/admin/organisations',
	'/admin/organisations/1',
	'/admin/users',
	'/admin/users/1',
	'/admin/invitations',
	'/admin/invitations/new',
	'/admin/invitations/1'
];
const ADMIN_ACTIONS: [string, Record<string, string>][] = [
	['/admin/schools/new', { name: 'X', countyId: '1', kind: 'primary' }],
	['/admin/schools/1', { name: 'X', countyId: '1', kind: 'primary' }],
	['/admin/counties?/create', { name: 'X' }],
	['/admin/counties?/update', { id: '1', name: 'X' }],
	['/admin/organisations', { name: 'X' }],
	['/admin/organisations/1', { name: 'X' }],
	['/admin/users/1?/disable', { confirm: 'yes' }],
	['/admin/users/1?/enable', { confirm: 'yes' }],
	['/admin/invitations/new', { role: 'coordinator', note: '', days: '7' }],
	['/admin/invitations/1?/revoke', { confirm: 'yes' }]
];

for (const account of ['teacher', 'student', 'judge', 'sponsor'] as const) {
	test(`${account} gets 403 or 404 on every coordinator page and action`, async ({ browser }) => {
		const page = await open(browser, account);
		for (const path of ADMIN_PAGES) {
			const response = await page.goto(path);
			expect([403, 404], path).toContain(response!.status());
		}
		for (const [path, form] of ADMIN_ACTIONS) {
			const response = await postForm(page.request, path, form);
			expect([403, 404], path).toContain(response.status());
			// An empty or malformed form is refused as firmly: the policy is asked before parsing.
			const empty = await postForm(page.request, path, {});
			expect([403, 404], `${path} (empty)`).toContain(empty.status());
		}
	});
}

test('bad input gets field errors, never a 500', async ({ browser }) => {
	const coordinator = await open(browser, 'coordinator');
	for (const name of [
		'',
		'x'.repeat(10_000),
		'<script>alert(1)</script>',
		"' OR 1=1 --",
		'\u200B'
	]) {
		const response = await postForm(coordinator.request, '/admin/organisations', { name });
		expect(response.status(), name.slice(0, 10)).toBe(400);
	}
	const teacher = await open(browser, 'teacher');
	for (const displayName of ['', 'x'.repeat(10_000), '<script>', "' OR 1=1 --", '\u200B']) {
		const response = await postForm(teacher.request, '/students/new', { displayName, grade: 'g5' });
		expect(response.status()).toBe(400);
	}
	const grade = await postForm(teacher.request, '/students/new', {
		displayName: '张三',
		grade: 'g99'
	});
	expect(grade.status()).toBe(400);
});

// The pages themselves are checked in pages.spec.ts; here, the state only a refused form reaches.
for (const locale of ['en', 'zh-CN'] as const) {
	test(`a refused form keeps what was typed and stays accessible at 360 px (${locale})`, async ({
		browser
	}) => {
		const page = await open(browser, 'coordinator', locale);
		await page.goto('/admin/organisations');
		await page.locator('input[name=name]').fill('<b>bold</b>');
		await page.locator('form.form button[type=submit]').click();
		await expect(page.locator('input[name=name]')).toHaveValue('<b>bold</b>');
		await expect(page.locator('.field-error')).toBeVisible();
		await expectAccessible(page);
	});
}

test('students, judges and sponsors manage no students', async ({ browser }) => {
	for (const account of ['student', 'judge', 'sponsor'] as const) {
		const page = await open(browser, account);
		for (const path of ['/students', '/students/new', '/students/import']) {
			expect((await page.goto(path))!.status(), `${account} ${path}`).toBe(404);
		}
		const response = await postForm(page.request, '/students/new', {
			displayName: '张三',
			grade: 'g5'
		});
		expect(response.status(), account).toBe(404);
		await page.context().close();
	}
});
