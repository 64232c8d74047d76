import fs from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import { test, expect, signIn, expectAccessible, type DemoAccount } from './fixtures';

type Locale = 'en' | 'zh-CN';

/** The UI's own messages, so the confirmations are checked word for word in each language. */
const catalogs: Record<Locale, Record<string, string>> = { en: {}, 'zh-CN': {} };
const messagesDir = new URL('../messages/', import.meta.url);
for (const area of fs.readdirSync(messagesDir)) {
	for (const locale of ['en', 'zh-CN'] as const) {
		const file = new URL(`${area}/${locale}.json`, messagesDir);
		if (fs.existsSync(file))
			Object.assign(catalogs[locale], JSON.parse(fs.readFileSync(file, 'utf8')));
	}
}
function msg(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
	const text = catalogs[locale][key];
	if (typeof text !== 'string') throw new Error(`no message ${key} in ${locale}`);
	return text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** A phone-sized browser in the given language, with or without JavaScript, signed in. */
async function open(
	browser: Browser,
	locale: Locale,
	who: DemoAccount,
	javaScriptEnabled: boolean
): Promise<Page> {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-US' : 'zh-CN',
		viewport: { width: 360, height: 740 },
		javaScriptEnabled
	});
	const page = await context.newPage();
	await signIn(page, who);
	return page;
}

/** Today in the program's zone: the earliest needed-by date, so the need sorts to the top. */
function today(): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

function idFrom(page: Page): number {
	const id = Number(new URL(page.url()).pathname.split('/').filter(Boolean).pop());
	expect(id).toBeGreaterThan(0);
	return id;
}

/**
 * axe runs inside the page, so a page without JavaScript is checked as a copy: its very HTML, with
 * its stylesheets from the server, in a phone-sized browser that runs axe (and none of the app's
 * scripts, which would re-render it).
 */
async function expectAccessibleAsServed(page: Page, javaScriptEnabled: boolean): Promise<void> {
	if (javaScriptEnabled) return expectAccessible(page);
	const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/g, '');
	const browser = page.context().browser()!;
	const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
	const copy = await context.newPage();
	const target = page.url();
	await copy.route(
		(url) => url.href === target,
		(route) => route.fulfill({ contentType: 'text/html', body: html })
	);
	await copy.goto(target);
	await expectAccessible(copy);
	await context.close();
}

/**
 * The page shows exactly this confirmation at the top of main, readable at 360 px; with `axe`, the
 * page as it stands passes axe too (once per kind of page is enough: the banner is one component).
 */
async function expectConfirmation(
	page: Page,
	text: string,
	javaScriptEnabled = true,
	axe = false
): Promise<void> {
	const status = page.locator('main').getByRole('status');
	await expect(status).toHaveText(text);
	await expect(status).toBeVisible();
	const box = (await status.boundingBox())!;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(360);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, 'no sideways scroll at 360 px').toBeLessThanOrEqual(1);
	if (axe) await expectAccessibleAsServed(page, javaScriptEnabled);
}

async function expectNoConfirmation(page: Page): Promise<void> {
	await expect(page.locator('main').getByRole('status')).toHaveText('');
}

// Each language with and without JavaScript; on PostgreSQL's two instances (where what is tested
// is that the confirmation crosses from one instance to the other) one of each is enough.
const variants = (['en', 'zh-CN'] as const).flatMap((locale) =>
	[false, true].map((javaScriptEnabled) => ({ locale, javaScriptEnabled }))
);
const onPostgres = process.env.E2E_ENGINE === 'postgres';
for (const { locale, javaScriptEnabled } of variants.filter(
	(v) => !onPostgres || (v.locale === 'en') === v.javaScriptEnabled
)) {
	test(`a submitted request and a pledge confirm once, with their numbers (${locale}, ${
		javaScriptEnabled ? 'with' : 'without'
	} JavaScript)`, async ({ browser }) => {
		const M = (key: string, params?: Record<string, string | number>) => msg(locale, key, params);
		const purpose = `E2E flash ${locale} ${javaScriptEnabled ? 'js' : 'nojs'} ${Date.now()}`;

		// The teacher writes a request for 20 of something and submits it.
		const teacher = await open(browser, locale, 'teacher', javaScriptEnabled);
		await teacher.goto('/requests/new');
		await teacher.getByLabel(M('req_purpose')).fill(purpose);
		await teacher.getByLabel(M('req_needed_by')).fill(today());
		const line = teacher.getByRole('group', { name: M('req_line_legend', { n: 1 }) });
		const select = line.getByLabel(M('req_item'));
		await select.selectOption({ index: 1 });
		const label = (await select.locator('option:checked').textContent()) ?? '';
		const item = label.replace(/\s*\([^)]*\)\s*$/, '').trim();
		await line.getByLabel(M('req_quantity')).fill('20');
		await line.getByLabel(M('req_reason')).fill('E2E');
		await teacher.getByRole('button', { name: M('req_save_draft') }).click();
		await expect(teacher).toHaveURL(/\/requests\/\d+$/);
		const requestId = idFrom(teacher);
		await expectConfirmation(
			teacher,
			M('flash_request_created', { id: requestId }),
			javaScriptEnabled,
			true
		);

		await teacher.getByRole('button', { name: M('req_submit') }).click();
		await expect(teacher).toHaveURL(new RegExp(`/requests/${requestId}$`));
		await expectConfirmation(
			teacher,
			M('flash_request_submitted', { id: requestId }),
			javaScriptEnabled
		);
		// The same address again: the confirmation was for the page after the action only.
		await teacher.reload();
		await expect(teacher.getByText(M('req_status_submitted')).first()).toBeVisible();
		await expectNoConfirmation(teacher);
		const school = (await teacher
			.locator('dt', { hasText: M('req_school') })
			.locator('+ dd')
			.textContent())!.trim();
		await teacher.context().close();

		// The coordinator approves all 20.
		const coordinator = await open(browser, locale, 'coordinator', true);
		await coordinator.goto(`/requests/${requestId}`);
		await coordinator.getByLabel(M('req_review_line_approved', { n: 1 })).fill('20');
		await coordinator.getByRole('button', { name: M('req_review_submit') }).click();
		await expectConfirmation(coordinator, M('flash_request_reviewed', { id: requestId }));
		await coordinator.context().close();

		// The sponsor pledges 5 of the 20 on the needs page, filtered to the teacher's school.
		const sponsor = await open(browser, locale, 'sponsor', javaScriptEnabled);
		await sponsor.goto('/needs');
		const schoolId = await sponsor
			.locator('#filter-school option', { hasText: school })
			.first()
			.getAttribute('value');
		await sponsor.goto(`/needs?school=${schoolId}`);
		const need = sponsor
			.getByRole('listitem')
			.filter({ hasText: purpose })
			.filter({ has: sponsor.getByRole('heading', { name: item }) });
		await expect(need).toHaveCount(1);
		await need.getByLabel(M('supply_pledge_quantity')).fill('5');
		await need.getByRole('button', { name: M('supply_pledge_submit') }).click();
		await expect(sponsor).toHaveURL(/\/needs\?school=\d+/);
		await expectConfirmation(
			sponsor,
			M('flash_pledge_recorded', { quantity: 5, item, covered: 5, approved: 20 }),
			javaScriptEnabled
		);
		// The next page (a link, followed client-side when JavaScript runs) no longer shows it.
		await sponsor.locator('a.brand').click();
		await expect(sponsor).toHaveURL(/\/$/);
		await expect(sponsor.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoConfirmation(sponsor);

		// Signing out confirms too, on a page for a visitor who is no longer signed in.
		const login = sponsor.waitForResponse(
			(r) => new URL(r.url()).pathname === '/login' && r.request().method() === 'GET'
		);
		await sponsor.getByRole('button', { name: M('sign_out') }).click();
		await expect(sponsor).toHaveURL(/\/login$/);
		// A signed-out page holding someone's one-time message is kept by no cache.
		expect((await login).headers()['cache-control']).toBe('private, no-store');
		await expectConfirmation(sponsor, M('flash_signed_out'), javaScriptEnabled, true);
		await sponsor.context().close();
	});
}

test('a forged or garbage flash cookie shows nothing and breaks nothing', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'en-US' });
	const page = await context.newPage();
	const url = `http://localhost:${process.env.E2E_PORT ?? 4173}`;
	for (const value of ['x'.repeat(43), '%3Cb%3Ehi%3C%2Fb%3E', 'a'.repeat(3000)]) {
		await context.addCookies([{ name: 'sapling-flash', value, url }]);
		const response = await page.goto('/login');
		expect(response?.status()).toBe(200);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expectNoConfirmation(page);
	}
	await context.close();
});
