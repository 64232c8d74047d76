import { expect, test } from '@playwright/test';

// scripts/start.js serves the build itself: static files, which adapter-node answers before the
// hooks run, carry nosniff too.
test('static files and the app’s own scripts carry X-Content-Type-Options: nosniff', async ({
	page,
	request
}) => {
	const scripts: string[] = [];
	page.on('response', (r) => {
		if (r.url().includes('/_app/immutable/')) scripts.push(r.url());
	});
	await page.goto('/login');
	await expect.poll(() => scripts.length).toBeGreaterThan(0);

	for (const url of [scripts[0], '/favicon.svg', '/robots.txt']) {
		const response = await request.get(url);
		if (url !== scripts[0] && response.status() === 404) continue;
		expect(response.status(), url).toBe(200);
		expect(response.headers()['x-content-type-options'], url).toBe('nosniff');
	}
	// Pages keep theirs, and the start script still answers /healthz.
	const health = await request.get('/healthz');
	expect(health.status()).toBe(200);
	expect(health.headers()['x-content-type-options']).toBe('nosniff');
});
