import fs from 'node:fs';
import sharp from 'sharp';
import type { Browser, Page } from '@playwright/test';
import { test, expect, signIn, expectAccessible, pageData, type DemoAccount } from './fixtures';

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

/** At a phone's 360 px nothing scrolls sideways. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `${page.url()} scrolls sideways at 360 px`).toBeLessThanOrEqual(1);
}

const t = (locale: Locale, en: string | RegExp, zh: string | RegExp) => (locale === 'en' ? en : zh);

/** The UI's own messages, so the flow finds buttons and labels by what people read, in each language. */
const catalogs: Record<Locale, Record<string, unknown>> = { en: {}, 'zh-CN': {} };
const messagesDir = new URL('../messages/', import.meta.url);
for (const area of fs.readdirSync(messagesDir)) {
	for (const locale of LOCALES) {
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
/** A message as a pattern, its parameters matching anything. */
function msgRe(locale: Locale, key: string): RegExp {
	const text = msg(locale, key);
	const parts = text.split(/\{\w+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	return new RegExp(parts.join('.*'));
}

for (const locale of LOCALES) {
	test.describe(`notifications and thank-you notes (${locale})`, () => {
		test('the public sees only public notes, and the pages are accessible at 360 px', async ({
			browser
		}) => {
			const page = await open(browser, locale);
			await visit(page, '/thanks', locale);
			await expectNoSidewaysScroll(page);
			await expect(page.getByRole('heading', { level: 1 })).toHaveText(
				t(locale, 'Thank-you notes', '感谢信')
			);
			await expect(page.getByText(t(locale, 'Sponsors only', '仅捐赠单位可见'))).toHaveCount(0);
			// The demo's public note, with its photo, is there for anyone.
			await page
				.getByRole('link', { name: msgRe(locale, 'thanks_read') })
				.first()
				.click();
			await expect(page).toHaveURL(/\/thanks\/\d+$/);
			await expectAccessible(page);
			await expectNoSidewaysScroll(page);
			await expect(page.getByText(msg(locale, 'thanks_badge_public'))).toBeVisible();
			const img = page.getByRole('img', { name: msgRe(locale, 'thanks_photo_alt') }).first();
			await expect(img).toBeVisible();
			const src = (await img.getAttribute('src')) ?? '';
			expect((await page.request.get(src)).status()).toBe(200);
			await expect
				.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0))
				.toBe(true);
			await page.context().close();
		});

		test('a signed-in person sees the unread count in the header and can mark all read', async ({
			browser
		}) => {
			const page = await open(browser, locale, 'sponsor');
			await visit(page, '/notifications', locale);
			await expectNoSidewaysScroll(page);
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

		test("a teacher thanks only for their own school's deliveries, and a blank note is refused", async ({
			browser
		}) => {
			// The demo's deliveries went to 泉脑子村小学, teacher2's school.
			const village = await open(browser, locale, 'teacher2');
			await visit(village, '/thanks/new', locale);
			await expect(village.getByRole('heading', { level: 1 })).toHaveText(
				msg(locale, 'thanks_new_title')
			);
			const choice = village.locator('a[href^="/thanks/new?request="]').first();
			const href = (await choice.getAttribute('href'))!;
			expect(href).toMatch(/^\/thanks\/new\?request=\d+$/);

			const other = await open(browser, locale, 'teacher');
			expect((await other.goto(href))?.status()).toBe(404);
			await other.context().close();

			await choice.click();
			await expect(village.getByLabel(msg(locale, 'thanks_body'))).toBeVisible();
			await expectAccessible(village);
			await expectNoSidewaysScroll(village);
			await village.getByLabel(msg(locale, 'thanks_body')).fill('   ');
			await village.getByRole('button', { name: msg(locale, 'thanks_submit') }).click();
			await expect(village.getByText(msg(locale, 'error_required')).first()).toBeVisible();
			await expect(village.getByLabel(msg(locale, 'thanks_body'))).toHaveAttribute(
				'aria-invalid',
				'true'
			);
			await expectAccessible(village);
			await village.context().close();
		});
	});
}

/** The demo teacher's school and the demo sponsor's organisation (see src/lib/server/demo/seed.ts). */
const SCHOOL = '希望小学';
const SPONSOR_ORG = 'Genertec 通用技术集团';
const SHIPMENT_NUMBER_PREFIX = 'SH-';

const escapeRe = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A small real PNG, made on the spot. */
async function photo(): Promise<Buffer> {
	return sharp({
		create: { width: 64, height: 48, channels: 3, background: { r: 47, g: 125, b: 79 } }
	})
		.png()
		.toBuffer();
}

/** A calendar date some days ahead, as the date field wants it (program time zone). */
function inDays(days: number): string {
	return new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
}

function idFrom(page: Page): number {
	const id = Number(new URL(page.url()).pathname.split('/').filter(Boolean).pop());
	expect(id).toBeGreaterThan(0);
	return id;
}

for (const locale of LOCALES) {
	test(`a request travels from a teacher to two sponsors and back as thanks (${locale})`, async ({
		browser
	}) => {
		test.setTimeout(300_000);
		const M = (key: string, params?: Record<string, string | number>) => msg(locale, key, params);
		const purpose = `E2E ${locale} reading corner ${Date.now()}`;
		const teacher = await open(browser, locale, 'teacher');
		const coordinator = await open(browser, locale, 'coordinator');
		const sponsor = await open(browser, locale, 'sponsor');
		const items: string[] = [];
		let requestId = 0;

		await test.step('the teacher writes a request and submits it', async () => {
			await visit(teacher, '/requests/new', locale);
			await teacher.getByLabel(M('req_purpose')).fill(purpose);
			await teacher.getByLabel(M('req_needed_by')).fill(inDays(5));
			for (const [i, quantity] of [
				[0, 10],
				[1, 4]
			]) {
				const line = teacher.getByRole('group', { name: M('req_line_legend', { n: i + 1 }) });
				const select = line.getByLabel(M('req_item'));
				await select.selectOption({ index: i + 1 });
				const label = (await select.locator('option:checked').textContent()) ?? '';
				items.push(label.replace(/\s*\([^)]*\)\s*$/, '').trim());
				await line.getByLabel(M('req_quantity')).fill(String(quantity));
				await line.getByLabel(M('req_reason')).fill('E2E');
			}
			await teacher.getByRole('button', { name: M('req_save_draft') }).click();
			await expect(teacher).toHaveURL(/\/requests\/\d+$/);
			requestId = idFrom(teacher);
			await expectAccessible(teacher);
			await teacher.getByRole('button', { name: M('req_submit') }).click();
			await expect(teacher.getByText(M('req_status_submitted')).first()).toBeVisible();
			await expectAccessible(teacher);
		});

		await test.step('the coordinator approves part of it, with a reason for the cut', async () => {
			await visit(coordinator, `/requests/${requestId}`, locale);
			await coordinator.getByLabel(M('req_review_line_approved', { n: 1 })).fill('6');
			await coordinator.getByLabel(M('req_review_line_note', { n: 1 })).fill('E2E: budget');
			await coordinator.getByLabel(M('req_review_line_approved', { n: 2 })).fill('4');
			await coordinator.getByRole('button', { name: M('req_review_submit') }).click();
			await expect(coordinator.getByText(M('req_status_partially_approved')).first()).toBeVisible();
			await expectAccessible(coordinator);
		});

		const pledge = async (
			page: Page,
			item: string,
			quantity: number,
			[covered, approved]: [number, number]
		) => {
			await visit(page, '/needs', locale);
			const need = page
				.getByRole('listitem')
				.filter({ hasText: purpose })
				.filter({ has: page.getByRole('heading', { name: item }) });
			await expect(need).toHaveCount(1);
			await need.getByLabel(M('supply_pledge_quantity')).fill(String(quantity));
			await need.getByRole('button', { name: M('supply_pledge_submit') }).click();
			// The confirmation says what was pledged and how much of the line is now covered.
			await expect(page.getByRole('status')).toHaveText(
				M('flash_pledge_recorded', { quantity, item, covered, approved })
			);
			await expectAccessible(page);
		};

		await test.step('the demo sponsor pledges part of line 1 and all of line 2', async () => {
			await pledge(sponsor, items[0], 3, [3, 6]);
			await pledge(sponsor, items[1], 4, [4, 4]);
		});

		let sponsor2!: Page;
		await test.step('the coordinator invites a second sponsor, who pledges the rest of line 1', async () => {
			await visit(coordinator, '/admin/invitations/new', locale);
			await coordinator.getByLabel(M('people_invitation_role')).selectOption('sponsor');
			const organisation = coordinator.getByLabel(M('people_invitation_organisation'));
			const technology = await organisation
				.locator('option', { hasText: 'Genertec Technology' })
				.getAttribute('value');
			await organisation.selectOption(technology!);
			await coordinator.getByRole('button', { name: M('people_invitation_create') }).click();
			const link = await coordinator.getByTestId('invite-link').inputValue();
			sponsor2 = await open(browser, locale);
			await sponsor2.goto(new URL(link).pathname);
			await expectAccessible(sponsor2);
			const username = `e2e-${locale.toLowerCase()}-${Date.now() % 1_000_000}`;
			await sponsor2.getByLabel(M('people_invite_username')).fill(username);
			await sponsor2.getByLabel(M('people_invite_display_name')).fill('E2E Sponsor Two');
			await sponsor2.getByLabel(M('password_new'), { exact: true }).fill('a long e2e password 42');
			await sponsor2.getByLabel(M('password_confirm')).fill('a long e2e password 42');
			await sponsor2.getByRole('button', { name: M('people_invite_submit') }).click();
			await expect(sponsor2).not.toHaveURL(/\/invite\//);
			await expect(sponsor2.getByRole('status')).toHaveText(M('flash_invitation_accepted'));
			await pledge(sponsor2, items[0], 3, [6, 6]);
		});

		await test.step('the teacher sees both lines fully pledged', async () => {
			await visit(teacher, `/requests/${requestId}`, locale);
			await expect(teacher.getByText(M('req_status_partially_approved')).first()).toBeVisible();
		});

		let shipmentId = 0;
		await test.step("the coordinator dispatches the demo sponsor's pledges as one shipment", async () => {
			await visit(coordinator, '/shipments/new', locale);
			await coordinator.getByLabel(M('ship_pick_school')).selectOption({ label: SCHOOL });
			await coordinator.getByRole('button', { name: M('ship_pick_school_submit') }).click();
			await expectAccessible(coordinator);
			const section = coordinator.getByRole('region', {
				name: M('ship_from_sponsor_heading', { name: SPONSOR_ORG })
			});
			const boxes = section.getByRole('checkbox');
			for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).uncheck();
			for (const item of items) {
				// This flow's own pledges: the other language's flow pledges on the same school at once.
				await section
					.getByRole('checkbox', { name: new RegExp(`${escapeRe(item)}.*#${requestId}\\D`) })
					.check();
			}
			await section.getByLabel(M('ship_carrier')).fill('EMS');
			await section.getByLabel(M('ship_reference')).fill(`E2E-${locale}`);
			await section.getByRole('button', { name: M('ship_submit_sponsor') }).click();
			await expect(coordinator).toHaveURL(/\/shipments\/\d+/);
			shipmentId = idFrom(coordinator);
			await expect(coordinator.getByRole('status')).toContainText(/SH-\d{4}-\d{4}/);
			await expectAccessible(coordinator);
		});

		const line = (page: Page, item: string) =>
			page.getByRole('article').filter({ has: page.getByRole('heading', { name: item }) });

		await test.step('the teacher confirms one line received and one damaged, with a photo', async () => {
			await visit(teacher, `/shipments/${shipmentId}`, locale);
			await line(teacher, items[0])
				.getByRole('button', { name: M('ship_confirm_submit') })
				.click();
			await expect(teacher.getByRole('status')).toHaveText(M('ship_confirmed'));
			const damaged = line(teacher, items[1]);
			await damaged.getByLabel(M('ship_outcome_label')).selectOption('damaged');
			await damaged.getByLabel(M('ship_quantity_received')).fill('2');
			await damaged.getByLabel(M('ship_reason_label')).selectOption('broken_in_transit');
			await damaged.getByLabel(M('ship_note_label')).fill('E2E: two boxes crushed');
			await damaged.getByLabel(M('ship_photos_label')).setInputFiles({
				name: 'crushed.png',
				mimeType: 'image/png',
				buffer: await photo()
			});
			await damaged.getByRole('button', { name: M('ship_confirm_submit') }).click();
			await expect(teacher.getByRole('status')).toHaveText(M('ship_confirmed'));
			await expect(line(teacher, items[1]).getByText(M('ship_discrepancy_open'))).toBeVisible();
			await expect(line(teacher, items[1]).getByRole('img')).toHaveCount(1);
			await expectAccessible(teacher);
		});

		await test.step('the coordinator resolves the discrepancy by re-shipping', async () => {
			await visit(coordinator, `/shipments/${shipmentId}`, locale);
			const open = line(coordinator, items[1]);
			await open.getByLabel(M('ship_resolution_label')).selectOption('reship');
			await open.getByLabel(M('ship_resolution_note')).fill('E2E: two more on the way');
			await open.getByRole('checkbox').check();
			await open.getByRole('button', { name: M('ship_resolve_submit') }).click();
			await expect(coordinator.getByRole('status')).toHaveText(M('ship_resolved'));
			await expectAccessible(coordinator);
		});

		let noteId = 0;
		const body = `E2E ${locale}: 谢谢！The books are already on the shelf. <b>not bold</b>`;
		await test.step('the teacher thanks the sponsor for the shipment, with a photo', async () => {
			await visit(teacher, '/thanks/new', locale);
			await teacher
				.getByRole('link', { name: new RegExp(escapeRe(SHIPMENT_NUMBER_PREFIX)) })
				.first()
				.waitFor();
			await visit(teacher, `/thanks/new?shipment=${shipmentId}`, locale);
			await teacher.getByLabel(M('thanks_body')).fill(body);
			await teacher.getByLabel(M('thanks_photos')).setInputFiles({
				name: 'shelf.png',
				mimeType: 'image/png',
				buffer: await photo()
			});
			await teacher.getByRole('button', { name: M('thanks_submit') }).click();
			await expect(teacher).toHaveURL(/\/thanks\/\d+$/);
			noteId = idFrom(teacher);
			await expect(teacher.getByRole('status')).toHaveText(M('thanks_posted'));
			await expect(teacher.getByText(body)).toBeVisible();
			await expect(teacher.locator('b', { hasText: 'not bold' })).toHaveCount(0);
			await expect(teacher.getByText(M('thanks_badge_private'))).toBeVisible();
			await expectAccessible(teacher);
		});

		await test.step('the sponsor sees the outcome and, from a notification, the thank-you note', async () => {
			await visit(sponsor, `/shipments/${shipmentId}`, locale);
			await expect(sponsor.getByRole('heading', { name: M('ship_sponsor_outcome') })).toBeVisible();
			const outcome = line(sponsor, items[1]);
			await expect(outcome.getByText(M('ship_discrepancy_resolved'))).toBeVisible();
			await expect(outcome.getByText(M('ship_resolution_reship'))).toBeVisible();

			await visit(sponsor, '/notifications', locale);
			// The notification about this flow's note: the other language's flow thanks the same sponsor.
			const told = sponsor
				.locator(`li[data-href="/thanks/${noteId}"]`)
				.filter({ hasText: msgRe(locale, 'notification_thanks_posted') });
			await expect(told).toBeVisible();
			await told.getByRole('button', { name: M('notif_open') }).click();
			await expect(sponsor).toHaveURL(new RegExp(`/thanks/${noteId}$`));
			await expect(sponsor.getByText(body)).toBeVisible();
			await expectNoSidewaysScroll(sponsor);
			const own = await pageData(sponsor.request, `/thanks/${noteId}`);
			expect(own.text).toContain('The books are already on the shelf');
			const img = sponsor.getByRole('img', { name: msgRe(locale, 'thanks_photo_alt') });
			await expect(img).toHaveCount(1);
			const src = (await img.getAttribute('src')) ?? '';
			expect((await sponsor.request.get(src)).status()).toBe(200);
			await expect
				.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0))
				.toBe(true);
			await expectAccessible(sponsor);
		});

		await test.step('the note stays private: the second sponsor and the public get a 404', async () => {
			expect((await sponsor2.goto(`/thanks/${noteId}`))?.status()).toBe(404);
			const data = await pageData(sponsor2.request, `/thanks/${noteId}`);
			expect(data.status).toBe(404);
			expect(data.text).not.toContain('The books are already on the shelf');
			const outsider = await open(browser, locale);
			expect((await outsider.goto(`/thanks/${noteId}`))?.status()).toBe(404);
			await outsider.context().close();
		});

		for (const page of [teacher, coordinator, sponsor, sponsor2]) await page.context().close();
	});
}
