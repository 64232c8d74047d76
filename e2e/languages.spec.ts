import type { Page } from '@playwright/test';
import { test, expect, useLocale } from './fixtures';

// One language per page: a catalog item's name and unit reach each page in the page's language.
// Items a teacher described in their own words (not from the catalog) are left out: they are data.
const CJK = /[\u3400-\u9fff]/;
const NAMES = '[data-item="catalog"]';

/** The first page linked from `from` (paths like `link`) that names a catalog item. */
async function firstWithItems(page: Page, from: string, link: RegExp): Promise<string> {
	await page.goto(from);
	const hrefs = (
		await page
			.locator('main a[href]')
			.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''))
	).filter((h) => link.test(h));
	for (const href of hrefs.slice(0, 8)) {
		await page.goto(href);
		if ((await page.locator(NAMES).count()) > 0) return href;
	}
	throw new Error(`no page like ${link} linked from ${from} names a catalog item`);
}

const cases: {
	name: string;
	who: 'sponsor' | 'coordinator';
	path: (page: Page) => Promise<string>;
	/** Where the page writes units next to quantities, if it does. */
	units?: string;
}[] = [
	{ name: 'the needs page', who: 'sponsor', path: async () => '/needs' },
	{
		name: 'a request page',
		who: 'coordinator',
		path: (page) => firstWithItems(page, '/requests?status=fulfilling', /^\/requests\/\d+$/)
	},
	{
		name: 'the stock page',
		who: 'coordinator',
		path: async () => '/stock',
		units: '.unit-totals li'
	},
	{
		name: 'a shipment page',
		who: 'coordinator',
		path: (page) => firstWithItems(page, '/shipments', /^\/shipments\/\d+$/),
		units: '.qty'
	}
];

for (const { name, who, path, units } of cases) {
	test(`${name} names catalog items and units in English in English, in Chinese in Chinese`, async ({
		as
	}) => {
		const page = await as(who);
		await useLocale(page, 'en');
		const url = await path(page);
		await page.goto(url);
		await expect(page.locator(NAMES).first()).toBeVisible();
		const english = (await page.locator(NAMES).allInnerTexts()).map((t) => t.trim());
		expect(english.length).toBeGreaterThan(0);
		expect(
			english.filter((t) => CJK.test(t)),
			`Chinese item names on ${url} in English`
		).toEqual([]);
		if (units) {
			const texts = await page.locator(units).allInnerTexts();
			expect(texts.length).toBeGreaterThan(0);
			expect(
				texts.filter((t) => CJK.test(t)),
				`Chinese units on ${url} in English`
			).toEqual([]);
		}

		await useLocale(page, 'zh-CN');
		await page.goto(url);
		await expect(page.locator(NAMES).first()).toBeVisible();
		const chinese = (await page.locator(NAMES).allInnerTexts()).map((t) => t.trim());
		// Every demo catalog item has a Chinese name; pages in Chinese show it, not the English one.
		expect(
			chinese.filter((t) => !CJK.test(t)),
			`English item names on ${url} in Chinese`
		).toEqual([]);
		expect(chinese.some((t) => english.includes(t))).toBe(false);
		if (units) {
			const texts = await page.locator(units).allInnerTexts();
			expect(
				texts.every((t) => CJK.test(t)),
				`units on ${url} in Chinese`
			).toBe(true);
		}
	});
}
