import type { Browser, BrowserContext, Page } from '@playwright/test';
import { test, expect, signIn, expectAccessible, type DemoAccount } from './fixtures';

/**
 * Every page of the portal, as the people who use it: axe-clean (no serious or critical
 * violation) at a phone's 360 px in both languages and on a desktop in English (the same markup and
 * styles: only the words differ, and their length matters on the phone), with no sideways
 * scrolling on the phone, and the Chinese UI Chinese throughout. The other specs check the states a
 * list link can't reach (a refused form, a picked school) and leave the pages to this one.
 */
type Visit = string | { from: string; link: RegExp };

const PAGES: Record<DemoAccount | 'public', Visit[]> = {
	public: ['/', '/login', '/thanks', '/invite/not-a-real-token'],
	coordinator: [
		'/',
		'/account/password',
		'/admin/schools',
		'/admin/schools/new',
		{ from: '/admin/schools', link: /^\/admin\/schools\/\d+$/ },
		'/admin/counties',
		'/admin/organisations',
		{ from: '/admin/organisations', link: /^\/admin\/organisations\/\d+$/ },
		'/admin/users',
		'/admin/users?role=student',
		{ from: '/admin/users', link: /^\/admin\/users\/\d+$/ },
		'/admin/invitations',
		'/admin/invitations/new',
		'/students',
		'/students/new',
		'/students/import',
		{ from: '/admin/invitations', link: /^\/admin\/invitations\/\d+$/ },
		'/requests',
		// A submitted request, with its review form; and one in any state.
		{ from: '/requests?status=submitted', link: /^\/requests\/\d+$/ },
		{ from: '/requests?status=all', link: /^\/requests\/\d+$/ },
		'/catalog',
		'/catalog/new',
		{ from: '/catalog', link: /^\/catalog\/\d+$/ },
		'/stock',
		{ from: '/stock', link: /^\/stock\/\d+$/ },
		'/shipments',
		'/shipments/new',
		{ from: '/shipments', link: /^\/shipments\/\d+$/ },
		'/needs',
		'/pledges',
		'/thanks',
		'/notifications'
	],
	teacher: [
		'/',
		'/account/password',
		'/students',
		'/students/new',
		'/students/import',
		{ from: '/students', link: /^\/students\/\d+$/ },
		'/requests',
		'/requests/new',
		{ from: '/requests', link: /^\/requests\/\d+$/ },
		'/catalog',
		'/shipments',
		{ from: '/shipments', link: /^\/shipments\/\d+$/ },
		'/thanks',
		'/notifications'
	],
	teacher2: ['/', '/requests', { from: '/shipments', link: /^\/shipments\/\d+$/ }],
	student: ['/', '/account/password'],
	judge: ['/', '/account/password'],
	judge2: ['/'],
	sponsor: [
		'/',
		'/needs',
		'/pledges',
		{ from: '/pledges', link: /^\/pledges\/\d+$/ },
		'/shipments',
		{ from: '/shipments', link: /^\/shipments\/\d+$/ },
		'/thanks',
		{ from: '/thanks', link: /^\/thanks\/\d+$/ },
		'/notifications'
	]
};

/** A page's path; a detail page is found by following the first matching link on its list. */
async function resolve(page: Page, visit: Visit): Promise<string> {
	if (typeof visit === 'string') return visit;
	await page.goto(visit.from);
	const hrefs = await page
		.locator('main a[href]')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	const href = hrefs.find((h) => visit.link.test(h));
	expect(href, `a link like ${visit.link} on ${visit.from}`).toBeTruthy();
	return href!;
}

// Names that are data, not UI: organisations, people and codes that are written in Latin letters.
const LATIN_DATA =
	/\b(Genertec|Technology|Trade|Consulting|Judge|Emily|Clark|English|SH-\d{4}-\d{4}|CNY|PDF|JPEG|PNG|WebP|ID)\b/g;
// What the demo's people typed: bilingual catalog names, carriers, notes. Data, not UI.
const DEMO_TEXT = [
	'Annual group donation',
	'Basketball',
	'Bookshelf',
	'Building blocks',
	'Classroom projector',
	'County bureau van',
	'DEMO',
	'Exercise books',
	'Express',
	'Floor cushions',
	'Football',
	'Globe',
	'One corner of the box was crushed',
	'Pencils',
	'Reading mat',
	'Skipping rope',
	'Whiteboard',
	'Wooden puzzles',
	'graded readers',
	'one item is broken',
	'size',
	'volunteer',
	'xiaohua',
	'zhaomin',
	'liuyang',
	'chenjing',
	'wanghao',
	// typed by the donation-flow test when it invites a second sponsor
	'Sponsor Two'
];

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
	return (
		texts
			// What the other specs, running alongside, typed: their rows are marked "E2E …" and are data.
			.map((t) => t.replace(/E2E\b.*/gs, ''))
			.map((t) => DEMO_TEXT.reduce((rest, d) => rest.replaceAll(d, ''), t))
			.map((t) => t.replace(LATIN_DATA, '').replace(demoUsernames, ''))
			.flatMap((t) => t.match(/[A-Za-z]{3,}(?:\s+[A-Za-z]{2,})*/g) ?? [])
	);
}

// One test per page, role and language, so a loaded machine can't push a whole role's walk past its
// timeout; each worker signs in once per account and reuses the session.
const sessions = new Map<DemoAccount, Promise<StorageState>>();
type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

function sessionOf(browser: Browser, who: DemoAccount): Promise<StorageState> {
	let state = sessions.get(who);
	if (!state) {
		state = (async () => {
			const context = await browser.newContext({ locale: 'en-US' });
			await signIn(await context.newPage(), who);
			const saved = await context.storageState();
			await context.close();
			// Only the session: the language comes from each test's own browser locale.
			return { ...saved, cookies: saved.cookies.filter((c) => c.name !== 'PARAGLIDE_LOCALE') };
		})();
		sessions.set(who, state);
	}
	return state;
}

function title(visit: Visit): string {
	return typeof visit === 'string' ? visit : `${visit.from} → ${visit.link.source}`;
}

for (const [who, visits] of Object.entries(PAGES) as [DemoAccount | 'public', Visit[]][]) {
	for (const locale of ['en', 'zh-CN'] as const) {
		for (const visit of visits) {
			test(`${who} ${title(visit)} in ${locale}: accessible at 360 px${
				locale === 'en' ? ' and desktop' : ''
			}`, async ({ browser }) => {
				const context = await browser.newContext({
					locale: locale === 'en' ? 'en-US' : 'zh-CN',
					viewport: { width: 360, height: 740 },
					storageState: who === 'public' ? undefined : await sessionOf(browser, who)
				});
				const page = await context.newPage();
				const path = await resolve(page, visit);
				for (const width of locale === 'en' ? [360, 1280] : [360]) {
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
				await context.close();
			});
		}
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
