import { test, expect, signIn, postForm, DEMO_PASSWORD } from './fixtures';

const ACCOUNTS = [
	'coordinator',
	'teacher',
	'teacher2',
	'student',
	'judge',
	'judge2',
	'sponsor'
] as const;

test.describe('signing in', () => {
	for (const account of ACCOUNTS) {
		test(`${account} signs in with labelled fields and lands on their home page`, async ({
			page
		}) => {
			await signIn(page, account);
			await expect(page).toHaveURL('/');
			await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
			await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
		});
	}

	test('a successful sign-in answers 303 with an HttpOnly session cookie', async ({ request }) => {
		const response = await postForm(request, '/login', {
			username: 'teacher',
			password: DEMO_PASSWORD
		});
		expect(response.status()).toBe(303);
		const cookie = response.headers()['set-cookie'];
		expect(cookie).toMatch(/sapling-session=[a-z0-9]+\.[a-z0-9]+/);
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
	});

	test('a wrong password and an unknown user get the same message and no cookie', async ({
		request
	}) => {
		// wanghao (a demo pupil) signs in in no other test, so one failure here disturbs nothing.
		const wrong = await postForm(request, '/login', {
			username: 'wanghao',
			password: 'not-the-password'
		});
		const unknown = await postForm(request, '/login', {
			username: 'nobody-here',
			password: 'not-the-password'
		});
		expect(wrong.status()).toBe(400);
		expect(unknown.status()).toBe(400);
		expect(wrong.headers()['set-cookie'] ?? '').not.toMatch(/sapling-session=[a-z0-9]/);
		expect(unknown.headers()['set-cookie'] ?? '').not.toMatch(/sapling-session=[a-z0-9]/);
		const message = 'That username and password don';
		expect(await wrong.text()).toContain(message);
		expect(await unknown.text()).toContain(message);
	});
});

test('what is typed before the page script loads survives (a slow village link)', async ({
	page
}) => {
	let release!: () => void;
	const scriptsHeld = new Promise<void>((resolve) => (release = resolve));
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		await scriptsHeld;
		await route.continue();
	});
	await page.goto('/login', { waitUntil: 'domcontentloaded' });
	await page.getByLabel('Username').fill('student');
	await page.getByLabel('Password').fill(DEMO_PASSWORD);
	// Now the scripts arrive and the page hydrates under the typed values.
	release();
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Username')).toHaveValue('student');
	await expect(page.getByLabel('Password')).toHaveValue(DEMO_PASSWORD);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await expect(page).toHaveURL('/');
});

test('fields left alone are empty once the page script has run', async ({ page }) => {
	await page.goto('/login');
	await page.waitForLoadState('networkidle');
	await expect(page.getByLabel('Username')).toHaveValue('');
	await expect(page.getByLabel('Password')).toHaveValue('');
});
