import type { APIRequestContext } from '@playwright/test';
import { test, expect, postForm, DEMO_PASSWORD } from './fixtures';

// Run by playwright.postgres.config.ts only: two app instances on one PostgreSQL database behind
// one origin (scripts/e2e-instances.js). `X-Sapling-Pin` sends a request to the instance named;
// `X-Sapling-Instance` says which one answered.

const on = (instance: 'a' | 'b', headers: Record<string, string> = {}) => ({
	'x-sapling-pin': instance,
	'accept-language': 'en',
	...headers
});

async function signInOn(request: APIRequestContext, instance: 'a' | 'b', username: string) {
	const response = await postForm(
		request,
		'/login',
		{ username, password: DEMO_PASSWORD },
		{ 'x-sapling-pin': instance }
	);
	expect(response.status()).toBe(303);
	expect(response.headers()['x-sapling-instance']).toBe(instance);
}

test('the origin hands requests to both instances in turn', async ({ request }) => {
	const seen = new Set<string>();
	for (let i = 0; i < 4; i++) {
		const response = await request.get('/healthz');
		expect(response.status()).toBe(200);
		seen.add(response.headers()['x-sapling-instance']);
	}
	expect([...seen].sort()).toEqual(['a', 'b']);
});

test('a student password made on one instance is shown by the other, once', async ({ request }) => {
	await signInOn(request, 'a', 'teacher');
	const name = `跨实例 ${Date.now()}`;
	const made = await postForm(
		request,
		'/students/new',
		{ displayName: name, grade: 'g3', username: '' },
		{ 'x-sapling-pin': 'a' }
	);
	expect(made.status()).toBe(303);
	expect(made.headers()['x-sapling-instance']).toBe('a');
	const page = made.headers()['location'];
	expect(page).toMatch(/^\/students\/\d+$/);

	const shown = await request.get(page, { headers: on('b') });
	expect(shown.headers()['x-sapling-instance']).toBe('b');
	const html = await shown.text();
	const password = /data-testid="student-password"[^>]*>([^<]+)</.exec(html)?.[1];
	const username = /data-testid="student-username"[^>]*>([^<]+)</.exec(html)?.[1];
	expect(password).toBeTruthy();
	expect(html).toContain(name);

	// Taken: neither instance shows it again.
	for (const instance of ['a', 'b'] as const) {
		const again = await (await request.get(page, { headers: on(instance) })).text();
		expect(again).toContain(name);
		expect(again).not.toContain('data-testid="student-password"');
	}
	// And it is the student's real password, on either instance.
	const student = await postForm(
		request,
		'/login',
		{ username: username!, password: password! },
		{ 'x-sapling-pin': 'b', cookie: '' }
	);
	expect(student.status()).toBe(303);
});

test('a session begun on one instance is known to the other, and ended on both', async ({
	playwright
}) => {
	const request = await playwright.request.newContext({
		baseURL: `http://localhost:${process.env.E2E_PORT ?? 4180}`
	});
	await signInOn(request, 'a', 'judge');
	expect(await (await request.get('/', { headers: on('b') })).text()).toContain('Sign out');
	const out = await postForm(request, '/logout', {}, { 'x-sapling-pin': 'b' });
	expect(out.status()).toBe(303);
	expect(await (await request.get('/', { headers: on('a') })).text()).not.toContain('Sign out');
	await request.dispose();
});

test('failed sign-ins are counted across instances: the lock holds on both', async ({
	request
}) => {
	// zhaomin (a demo pupil) signs in in no other test.
	for (let i = 0; i < 5; i++) {
		const wrong = await postForm(
			request,
			'/login',
			{ username: 'zhaomin', password: `wrong ${i}` },
			{ 'x-sapling-pin': i % 2 ? 'b' : 'a' }
		);
		expect(wrong.status()).toBe(400);
	}
	for (const instance of ['a', 'b'] as const) {
		const locked = await postForm(
			request,
			'/login',
			{ username: 'zhaomin', password: DEMO_PASSWORD },
			{ 'x-sapling-pin': instance }
		);
		expect(locked.status()).toBe(429);
	}
});
