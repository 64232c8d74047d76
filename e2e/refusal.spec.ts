import type { Browser, Locator, Page } from '@playwright/test';
import { test, expect, expectAccessible, signIn } from './fixtures';

type Locale = 'en' | 'zh-CN';

/** A fresh context at a phone's width in the given language, signed in as `account`. */
async function open(
	browser: Browser,
	account: string,
	locale: Locale = 'en',
	javaScriptEnabled = true
): Promise<Page> {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-US' : 'zh-CN',
		viewport: { width: 360, height: 740 },
		javaScriptEnabled
	});
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, domain: 'localhost', path: '/' }
	]);
	const page = await context.newPage();
	await signIn(page, account);
	return page;
}

/** A form post from this page's session, as a browser sends it (no redirect followed). */
async function post(page: Page, path: string, form: Record<string, string>): Promise<string> {
	const response = await page.request.post(path, {
		form,
		headers: { origin: `http://localhost:${process.env.E2E_PORT ?? 4173}`, accept: 'text/html' },
		maxRedirects: 0
	});
	expect(response.status(), `${path}: ${await response.text()}`).toBe(303);
	return response.headers().location ?? '';
}

const inDays = (days: number) =>
	new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * This spec's own need: a teacher asks for three things, a coordinator approves them all, and the
 * third line (never the first card) is the one refused.
 */
async function createNeed(browser: Browser): Promise<{ lineId: string; open: number }> {
	const tag = `refusal-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
	const teacher = await open(browser, 'teacher');
	const location = await post(teacher, '/requests/new?/save', {
		purpose: `E2E ${tag}`,
		neededBy: inDays(30),
		description_0: `${tag} crayons`,
		quantity_0: '4',
		description_1: `${tag} rulers`,
		quantity_1: '5',
		description_2: `${tag} globes`,
		quantity_2: '7'
	});
	const requestId = /\/requests\/(\d+)$/.exec(location)?.[1];
	expect(requestId, location).toBeTruthy();
	await post(teacher, `/requests/${requestId}?/submit`, {});
	await teacher.context().close();

	const coordinator = await open(browser, 'coordinator');
	await coordinator.goto(`/requests/${requestId}`);
	const names = await coordinator
		.locator('input[name^="approved_"]')
		.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).name));
	expect(names).toHaveLength(3);
	const review: Record<string, string> = { form: 'review' };
	for (const name of names) review[name] = String(await coordinator.inputValue(`[name="${name}"]`));
	await post(coordinator, `/requests/${requestId}?/review`, review);
	await coordinator.context().close();
	return { lineId: names[2].replace('approved_', ''), open: 7 };
}

/** The card of one line on /needs, paging on until it is there. */
async function goToCard(page: Page, lineId: string): Promise<Locator> {
	for (let p = 1; p <= 20; p++) {
		await page.goto(`/needs?page=${p}`);
		const card = page.locator('li.need').filter({
			has: page.locator(`input[name="lineId"][value="${lineId}"]`)
		});
		if ((await card.count()) === 1) {
			// Not the first card: the page has to come back further down than its top.
			await expect(
				page.locator('li.need').first().locator(`input[name="lineId"][value="${lineId}"]`)
			).toHaveCount(0);
			return card;
		}
		if ((await page.locator('li.need').count()) === 0) break;
	}
	throw new Error(`line ${lineId} is not among the open needs`);
}

const quantityLabel = (locale: Locale) => (locale === 'en' ? 'Quantity to pledge' : '认捐数量');
const pledgeButton = (locale: Locale) => (locale === 'en' ? 'Pledge' : '认捐');

let need: { lineId: string; open: number };
test.beforeAll(async ({ browser }) => {
	test.setTimeout(120_000);
	need = await createNeed(browser);
});

for (const locale of ['en', 'zh-CN'] as const) {
	for (const javaScriptEnabled of [true, false]) {
		const how = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
		test(`an over-pledge on a card further down comes back at that card, ${how} (${locale})`, async ({
			browser
		}) => {
			const page = await open(browser, 'sponsor', locale, javaScriptEnabled);
			let card = await goToCard(page, need.lineId);
			const quantity = card.getByLabel(quantityLabel(locale));
			await expect(quantity).toHaveValue(String(need.open));
			// Far enough down that a page coming back at its top would not show it.
			const top = await card.evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
			expect(top).toBeGreaterThan(740);
			await quantity.fill('5000');
			await card.getByRole('button', { name: pledgeButton(locale) }).click();

			// The result of the post is the same page, opened at the refused card's summary.
			await expect(page).toHaveURL(new RegExp(`#pledge-${need.lineId}$`));
			card = page.locator('li.need').filter({
				has: page.locator(`input[name="lineId"][value="${need.lineId}"]`)
			});
			const summary = card.locator(`#pledge-${need.lineId}`);
			await expect(summary).toHaveAttribute('role', 'alert');
			await expect(summary.getByRole('heading')).toHaveText(
				locale === 'en' ? /^Not saved yet/ : /^尚未保存/
			);
			await expect(summary).toBeInViewport();
			await expect(card.getByRole('button', { name: pledgeButton(locale) })).toBeInViewport({
				ratio: 0
			});
			if (javaScriptEnabled) {
				await expect(summary).toBeFocused();
				expect(await page.evaluate(() => document.activeElement?.id)).toBe(`pledge-${need.lineId}`);
			}
			// Its message links to the field, which keeps what was typed.
			const link = summary.getByRole('link');
			await expect(link).toHaveCount(1);
			await expect(link).toHaveAttribute('href', `#quantity-${need.lineId}`);
			await expect(link).toContainText(String(need.open));
			await expect(card.getByLabel(quantityLabel(locale))).toHaveValue('5000');
			await expect(card.locator(`#quantity-${need.lineId}-error`)).toContainText(String(need.open));
			if (javaScriptEnabled) await expectAccessible(page);

			// Nothing was pledged: the line is as open as before.
			card = await goToCard(page, need.lineId);
			await expect(card.getByLabel(quantityLabel(locale))).toHaveValue(String(need.open));
			await page.context().close();
		});
	}
}
