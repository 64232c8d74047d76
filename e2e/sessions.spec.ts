import type { APIRequestContext } from '@playwright/test';
import { test, expect, signIn, postForm, DEMO_PASSWORD } from './fixtures';

test('signing out ends the session on the server: the old cookie no longer works', async ({
	page,
	request
}) => {
	await signIn(page, 'judge');
	const cookies = await page.context().cookies();
	const session = cookies.find((c) => c.name === 'sapling-session');
	expect(session?.value).toMatch(/^[a-z0-9]+\.[a-z0-9]+$/);
	expect(session?.httpOnly).toBe(true);

	const home = () =>
		request.get('/', {
			headers: { cookie: `sapling-session=${session!.value}`, 'accept-language': 'en' }
		});
	expect(await (await home()).text()).toContain('Sign out');

	await page.getByRole('button', { name: 'Sign out' }).click();
	await expect(page).toHaveURL(/\/login/);

	// Replaying the old cookie by hand: the server must have forgotten it.
	const after = await home();
	expect(await after.text()).not.toContain('Sign out');
	// The stale cookie is cleared too.
	expect(after.headers()['set-cookie']).toMatch(/sapling-session=;/);
});

test('repeated failures are throttled with 429, and the right password works again later', async ({
	request
}) => {
	// chenjing (a demo pupil) signs in in no other test: locking her out disturbs nothing.
	let last = 0;
	for (let i = 0; i < 5; i++) {
		last = (
			await postForm(request, '/login', { username: 'chenjing', password: `wrong ${i}` })
		).status();
	}
	expect(last).toBe(400);
	const throttled = await postForm(request, '/login', {
		username: 'chenjing',
		password: DEMO_PASSWORD
	});
	expect(throttled.status()).toBe(429);
	expect(await throttled.text()).toContain('Too many attempts');
	expect(throttled.headers()['set-cookie'] ?? '').not.toMatch(/sapling-session=[a-z0-9]/);

	await new Promise((r) => setTimeout(r, 1100));
	const later = await postForm(request, '/login', {
		username: 'chenjing',
		password: DEMO_PASSWORD
	});
	expect(later.status()).toBe(303);
	expect(later.headers()['set-cookie']).toMatch(/sapling-session=[a-z0-9]+\./);
});

test('a body over the size limit gets 413, not a 500', async ({ request }) => {
	const response = await postForm(request, '/login', {
		username: 'teacher',
		password: 'x'.repeat(37 * 1024 * 1024)
	});
	expect(response.status()).toBe(413);
});

test('/healthz answers JSON 200 when the database answers', async ({ request }) => {
	const response = await request.get('/healthz');
	expect(response.status()).toBe(200);
	expect(await response.json()).toEqual({ status: 'ok', database: 'ok' });
});

test('the login form refuses odd input at the field, never with a 500', async ({ request }) => {
	const odd = [
		{ username: '', password: '' },
		{ username: '\u200b\u200b', password: '\u200b' },
		{ username: '<script>alert(1)</script>', password: 'x' },
		{ username: "' OR 1=1 --", password: "' OR '1'='1" },
		{ username: 'x'.repeat(100_000), password: 'y' },
		{ username: '😀🌱', password: '春眠不觉晓' }
	];
	for (const form of odd) {
		const response = await postForm(request, '/login', form);
		expect(response.status(), JSON.stringify(form).slice(0, 60)).toBe(400);
		expect(await response.text()).not.toContain('<script>alert(1)</script>');
	}
	const empty = await postForm(request, '/login', { username: '', password: '' });
	expect(await empty.text()).toContain('Please fill this in.');
});

async function sessionOf(request: APIRequestContext, username: string, cookie?: string) {
	const response = await postForm(
		request,
		'/login',
		{ username, password: DEMO_PASSWORD },
		cookie ? { cookie: `sapling-session=${cookie}` } : {}
	);
	expect(response.status()).toBe(303);
	return /sapling-session=([a-z0-9]+\.[a-z0-9]+)/.exec(response.headers()['set-cookie'])![1];
}

const isSignedIn = async (request: APIRequestContext, token: string) =>
	(
		await (
			await request.get('/', {
				headers: { cookie: `sapling-session=${token}`, 'accept-language': 'en' }
			})
		).text()
	).includes('Sign out');

test('signing in over a session ends the old one', async ({ request }) => {
	const first = await sessionOf(request, 'judge2');
	expect(await isSignedIn(request, first)).toBe(true);
	const second = await sessionOf(request, 'judge2', first);
	expect(await isSignedIn(request, second)).toBe(true);
	expect(await isSignedIn(request, first)).toBe(false);
});

test('a cross-site POST to /logout is refused whatever its content type; the session survives', async ({
	request
}) => {
	const token = await sessionOf(request, 'judge2');
	const forgeries: Record<string, string>[] = [
		{ origin: 'https://evil.example', 'content-type': 'application/json' },
		{ origin: 'null', 'content-type': 'text/plain' },
		{ 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }
	];
	for (const headers of forgeries) {
		const forced = await request.post('/logout', {
			headers: { cookie: `sapling-session=${token}`, ...headers },
			data: '{}',
			maxRedirects: 0
		});
		expect(forced.status(), JSON.stringify(headers)).toBe(403);
	}
	expect(await isSignedIn(request, token)).toBe(true);
	// The app's own sign-out still works.
	const own = await postForm(request, '/logout', {}, { cookie: `sapling-session=${token}` });
	expect(own.status()).toBe(303);
	expect(await isSignedIn(request, token)).toBe(false);
});
