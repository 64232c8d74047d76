import { expect, test } from '@playwright/test';
import http from 'node:http';
import zlib from 'node:zlib';

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

	// favicon.svg is the one file in static/: adapter-node's sirv answers it, not the app.
	for (const url of [scripts[0], '/favicon.svg']) {
		const response = await request.get(url);
		expect(response.status(), url).toBe(200);
		expect(response.headers()['x-content-type-options'], url).toBe('nosniff');
	}
	// Pages keep theirs, and the start script still answers /healthz.
	const health = await request.get('/healthz');
	expect(health.status()).toBe(200);
	expect(health.headers()['x-content-type-options']).toBe('nosniff');
});

/** A raw GET (no client that decodes for us): the status, the encoding and the body's bytes. */
function rawGet(url: string, headers: Record<string, string>) {
	return new Promise<{ status: number; encoding: string | undefined; body: Buffer }>(
		(resolve, reject) => {
			http
				.get(url, { headers }, (res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? 0,
							encoding: res.headers['content-encoding'],
							body: Buffer.concat(chunks)
						})
					);
				})
				.on('error', reject);
		}
	);
}

test('pages go out compressed when the browser offers it, and plain when it does not', async ({
	baseURL
}) => {
	const url = `${baseURL}/login`;
	const plain = await rawGet(url, {});
	expect(plain.status).toBe(200);
	expect(plain.encoding).toBeUndefined();
	expect(plain.body.toString()).toContain('<form');

	const br = await rawGet(url, { 'accept-encoding': 'gzip, deflate, br' });
	expect(br.encoding).toBe('br');
	expect(br.body.length).toBeLessThan(plain.body.length / 2);
	expect(zlib.brotliDecompressSync(br.body).toString()).toContain('<form');

	const gzip = await rawGet(url, { 'accept-encoding': 'gzip' });
	expect(gzip.encoding).toBe('gzip');
	expect(zlib.gunzipSync(gzip.body).toString()).toContain('<form');
});
