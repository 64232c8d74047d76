import type { Browser, Page } from '@playwright/test';
import { test, expect, signIn, expectAccessible, type DemoAccount } from './fixtures';

type Locale = 'en' | 'zh-CN';
const LOCALES: Locale[] = ['en', 'zh-CN'];

/** A fresh browser context in the given language, signed in as `who` (or signed out). */
async function open(browser: Browser, locale: Locale, who?: DemoAccount | string): Promise<Page> {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-US' : 'zh-CN',
		viewport: { width: 360, height: 740 }
	});
	const page = await context.newPage();
	if (who) await signIn(page, who);
	return page;
}

/** Goes to a page, checks it answered 200 in the expected language, and runs axe on it. */
async function visit(page: Page, path: string, locale: Locale): Promise<void> {
	const response = await page.goto(path);
	expect(response?.status(), path).toBe(200);
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	await expectAccessible(page);
}

const t = (locale: Locale, en: string | RegExp, zh: string | RegExp) => (locale === 'en' ? en : zh);

for (const locale of LOCALES) {
	test.describe(`notifications and thank-you notes (${locale})`, () => {
		test('the public sees only public notes, and the pages are accessible at 360 px', async ({
			browser
		}) => {
			const page = await open(browser, locale);
			await visit(page, '/thanks', locale);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				t(locale, 'Thank-you notes', '感谢信')
			);
			await expect(page.getByText(t(locale, 'Sponsors only', '仅捐赠单位可见'))).toHaveCount(0);
			await page.context().close();
		});

		test('a signed-in person sees the unread count in the header and can mark all read', async ({
			browser
		}) => {
			const page = await open(browser, locale, 'sponsor');
			await visit(page, '/notifications', locale);
			const bell = page.getByRole('link', { name: t(locale, /^Notifications/, /^通知/) });
			await expect(bell).toBeVisible();
			const markAll = page.getByRole('button', {
				name: t(locale, 'Mark all as read', '全部标为已读')
			});
			if ((await markAll.count()) > 0) {
				await markAll.click();
				await expect(page.getByRole('status')).toHaveText(
					t(locale, 'All your notifications are marked as read.', '所有通知都已标为已读。')
				);
				await expectAccessible(page);
			}
			await expect(bell).toHaveAccessibleName(t(locale, 'Notifications', '通知'));
			await page.context().close();
		});

		test('a teacher is offered only delivered requests to thank for', async ({ browser }) => {
			const page = await open(browser, locale, 'teacher');
			await visit(page, '/thanks/new', locale);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				t(locale, 'Thank your sponsors', '感谢捐赠单位')
			);
			await page.context().close();
		});
	});
}
