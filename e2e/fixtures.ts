import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import { unflatten } from 'devalue';

export const DEMO_PASSWORD = 'demo-password';
export type DemoAccount =
	'coordinator' | 'teacher' | 'teacher2' | 'student' | 'judge' | 'judge2' | 'sponsor';

/** Signs in through the real form, as a person would. */
export async function signIn(
	page: Page,
	username: string,
	password = DEMO_PASSWORD
): Promise<void> {
	await page.goto('/login');
	await page.getByLabel(/username|用户名/i).fill(username);
	await page.getByLabel(/password|密码/i).fill(password);
	await page.getByRole('button', { name: /sign in|登录/i }).click();
	await expect(page).not.toHaveURL(/\/login/, { timeout: 30_000 });
}

/** Switches the UI language with the header's switch (a cookie, kept for the session). */
export async function useLocale(page: Page, locale: 'en' | 'zh-CN'): Promise<void> {
	const origin = new URL(page.url() === 'about:blank' ? 'http://localhost' : page.url());
	await page.context().addCookies([
		{
			name: 'PARAGLIDE_LOCALE',
			value: locale,
			domain: origin.hostname === '' ? 'localhost' : 'localhost',
			path: '/'
		}
	]);
}

/** No serious or critical axe violation on the page as it stands. */
export async function expectAccessible(page: Page): Promise<void> {
	// Legacy mode runs axe once in the page itself. The default splits the run across frames and
	// finishes it in a second, blank page — for cross-origin iframes, which Sapling has none of —
	// and costs twice the time for the same rules and the same results (checked on /pledges).
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
		.setLegacyMode(true)
		.analyze();
	const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(
		bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
	).toEqual([]);
}

/** `as(role)`: a page already signed in as that demo account. */
export const test = base.extend<{ as: (account: DemoAccount) => Promise<Page> }>({
	as: async ({ browser }, use) => {
		const contexts: Awaited<ReturnType<typeof browser.newContext>>[] = [];
		await use(async (account) => {
			const context = await browser.newContext({ locale: 'en-US' });
			contexts.push(context);
			const page = await context.newPage();
			await signIn(page, account);
			return page;
		});
		for (const context of contexts) await context.close();
	}
});

export { expect };

/**
 * Posts a form as a browser would (with its Origin header, which SvelteKit's CSRF check wants),
 * without following the redirect.
 */
export function postForm(
	request: APIRequestContext,
	path: string,
	form: Record<string, string>,
	headers: Record<string, string> = {}
) {
	const origin = `http://localhost:${process.env.E2E_PORT ?? 4173}`;
	return request.post(path, {
		form,
		headers: { origin, accept: 'text/html', 'accept-language': 'en', ...headers },
		maxRedirects: 0
	});
}

/**
 * A page's `__data.json` as its viewer receives it: the raw text, the status (SvelteKit answers
 * 200 with a load's error inside, so it is read from there), and the page's own data decoded.
 */
export async function pageData(request: APIRequestContext, path: string) {
	const response = await request.get(`${path.replace(/\/$/, '')}/__data.json`, { maxRedirects: 0 });
	const text = await response.text();
	if (response.status() !== 200) return { status: response.status(), text, data: null };
	const body = JSON.parse(text) as {
		type: string;
		status?: number;
		nodes?: ({ type: string; data?: unknown; status?: number } | null)[];
	};
	if (body.type === 'redirect') return { status: 303, text, data: null };
	const nodes = body.nodes ?? [];
	const failed = nodes.find((n) => n?.type === 'error');
	if (failed) return { status: failed.status ?? 500, text, data: null };
	const last = nodes.at(-1);
	const data =
		last?.type === 'data' ? (unflatten(last.data as number) as Record<string, unknown>) : null;
	return { status: 200, text, data };
}
