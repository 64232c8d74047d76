import type { Page } from '@playwright/test';
import { test, expect, signIn, expectAccessible, type DemoAccount } from './fixtures';

/**
 * Every page of the portal, as the people who use it: axe-clean (no serious or critical
 * violation) in both languages, at a phone's 360 px and on a desktop, with no sideways scrolling
 * on the phone, and the Chinese UI Chinese throughout.
 */
const PAGES: Record<DemoAccount | 'public', string[]> = {
	public: ['/', '/login'],
	coordinator: [
		'/',
		'/account/password',
		'/admin/schools',
		'/admin/organisations',
		'/admin/users',
		'/admin/invitations',
		'/requests',
		'/catalog',
		'/stock',
		'/shipments',
		'/needs',
		'/notifications'
	],
	teacher: ['/', '/students', '/requests', '/requests/new', '/shipments', '/notifications'],
	teacher2: ['/'],
	student: ['/'],
	judge: ['/'],
	judge2: ['/'],
	sponsor: ['/', '/needs', '/pledges', '/shipments', '/notifications']
};

// Names that are data, not UI: organisations, people and codes that are written in Latin letters.
const LATIN_DATA =
	/\b(Genertec|Technology|Trade|Consulting|Judge|Emily|Clark|English|SH-\d{4}-\d{4}|CNY|PDF|JPEG|PNG|WebP|ID)\b/g;

/** Visible Latin words in the page's own (zh-CN) text, leaving out data and marked-English parts. */
async function englishLeftOn(page: Page): Promise<string[]> {
	const texts = await page.evaluate(() => {
		const out: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const el = node.parentElement;
			if (!el || el.closest('script,style,[lang]:not([lang="zh-CN"]),[data-data]')) continue;
			const style = getComputedStyle(el);
			if (style.display === 'none' || style.visibility === 'hidden') continue;
			out.push(node.textContent ?? '');
		}
		for (const el of document.querySelectorAll('[aria-label],[placeholder],[title]')) {
			if (el.closest('[lang]:not([lang="zh-CN"])')) continue;
			for (const attr of ['aria-label', 'placeholder', 'title'])
				out.push(el.getAttribute(attr) ?? '');
		}
		return out;
	});
	const demoUsernames = /\b(coordinator|teacher2?|student|judge2?|sponsor|demo-password)\b/g;
	return texts
		.map((t) => t.replace(LATIN_DATA, '').replace(demoUsernames, ''))
		.flatMap((t) => t.match(/[A-Za-z]{3,}(?:\s+[A-Za-z]{2,})*/g) ?? []);
}

for (const [who, paths] of Object.entries(PAGES) as [DemoAccount | 'public', string[]][]) {
	for (const locale of ['en', 'zh-CN'] as const) {
		test(`${who}'s pages in ${locale}: accessible at 360 px and desktop`, async ({ browser }) => {
			test.slow();
			const context = await browser.newContext({
				locale: locale === 'en' ? 'en-US' : 'zh-CN',
				viewport: { width: 360, height: 740 }
			});
			const page = await context.newPage();
			if (who !== 'public') await signIn(page, who);
			for (const path of paths) {
				for (const width of [360, 1280]) {
					await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
					const response = await page.goto(path);
					expect(response?.status(), `${path} as ${who}`).toBe(200);
					expect(await page.locator('html').getAttribute('lang')).toBe(locale);
					await expectAccessible(page);
					if (width === 360) {
						const overflow = await page.evaluate(
							() => document.documentElement.scrollWidth - document.documentElement.clientWidth
						);
						expect(overflow, `${path} scrolls sideways at 360 px`).toBeLessThanOrEqual(1);
					}
				}
				if (locale === 'zh-CN') {
					expect(await englishLeftOn(page), `English left on ${path}`).toEqual([]);
				}
			}
			await context.close();
		});
	}
}

test('the language switch works without JavaScript and is remembered', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto('/login');
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in to Sapling');
	await page.getByRole('button', { name: /Change language/ }).click();
	await expect(page).toHaveURL(/\/login/);
	await expect(page.getByRole('heading', { level: 1 })).toHaveText('登录树苗');
	await page.goto('/');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await context.close();
});

test('signing in works without JavaScript', async ({ browser }) => {
	const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
	const page = await context.newPage();
	await signIn(page, 'student');
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
	await context.close();
});
