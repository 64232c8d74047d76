import fs from 'node:fs';
import type { Browser, Page } from '@playwright/test';
import {
	test,
	expect,
	expectAccessible,
	pageData,
	DEMO_PASSWORD,
	type DemoAccount
} from './fixtures';

type Locale = 'en' | 'zh-CN';
const LOCALES: Locale[] = ['en', 'zh-CN'];

const en = JSON.parse(
	fs.readFileSync(new URL('../messages/shipments/en.json', import.meta.url), 'utf8')
) as Record<string, string>;
const zh = JSON.parse(
	fs.readFileSync(new URL('../messages/shipments/zh-CN.json', import.meta.url), 'utf8')
) as Record<string, string>;
const msg = (locale: Locale, key: string, params: Record<string, string | number> = {}) =>
	(locale === 'en' ? en : zh)[key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

/** A 1×1 PNG, valid to the last byte. */
const TINY_PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
	'base64'
);

async function open(browser: Browser, locale: Locale, who?: DemoAccount): Promise<Page> {
	const context = await browser.newContext({
		locale: locale === 'en' ? 'en-US' : 'zh-CN',
		viewport: { width: 360, height: 740 }
	});
	const page = await context.newPage();
	if (who) {
		// Wait for hydration before typing, so nothing typed is reset.
		await page.goto('/login');
		await page.waitForLoadState('networkidle');
		await signInHere(page, who);
	}
	return page;
}

async function signInHere(page: Page, username: string): Promise<void> {
	await page.getByLabel(/username|用户名/i).fill(username);
	await page.getByLabel(/password|密码/i).fill(DEMO_PASSWORD);
	await page.getByRole('button', { name: /sign in|登录/i }).click();
	await expect(page).not.toHaveURL(/\/login/);
}

async function visit(page: Page, path: string, locale: Locale): Promise<void> {
	const response = await page.goto(path);
	expect(response?.status(), path).toBe(200);
	await expect(page.locator('html')).toHaveAttribute('lang', locale);
	await expectAccessible(page);
	// Nothing scrolls sideways on a 360 px phone.
	const width = page.viewportSize()?.width ?? 360;
	expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(
		width
	);
}

test.describe.configure({ mode: 'serial' });

test.describe('shipment receipt and discrepancy', () => {
	let shipmentPath = '';
	let photoPath = '';
	let lineId = '';
	let shipmentNumber = '';

	test('the teacher confirms each line, one damaged with a photo', async ({ browser }) => {
		const page = await open(browser, 'en', 'teacher');
		await visit(page, '/shipments?filter=unconfirmed', 'en');
		const row = page.getByRole('row').filter({ hasText: msg('en', 'ship_status_dispatched') });
		await row.first().getByRole('link').click();
		await expect(page).toHaveURL(/\/shipments\/\d+$/);
		shipmentPath = new URL(page.url()).pathname;
		await expectAccessible(page);

		shipmentNumber =
			(await page.getByRole('heading', { level: 1 }).textContent())?.match(/SH-\d{4}-\d{4}/)?.[0] ??
			'';
		expect(shipmentNumber).not.toBe('');
		const forms = page.locator('form[enctype="multipart/form-data"]');
		expect(await forms.count()).toBeGreaterThanOrEqual(1);

		// An executable renamed .jpg is refused at the field, and what was typed is kept.
		const first = forms.first();
		lineId = (await first.locator('input[name="lineId"]').inputValue()) ?? '';
		await first.getByLabel(msg('en', 'ship_outcome_label')).selectOption('damaged');
		await first.getByLabel(msg('en', 'ship_quantity_received')).fill('０');
		await first.getByLabel(msg('en', 'ship_reason_label')).selectOption('broken_in_transit');
		await first.getByLabel(msg('en', 'ship_note_label')).fill('The box was crushed.');
		await first.getByLabel(msg('en', 'ship_photos_label')).setInputFiles({
			name: 'photo.jpg',
			mimeType: 'image/jpeg',
			buffer: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(64, 0x90)])
		});
		await first.getByRole('button', { name: msg('en', 'ship_confirm_submit') }).click();
		await expect(page.getByText(msg('en', 'ship_upload_bad_type')).first()).toBeVisible();
		const again = page.locator(`#line-${lineId} form`);
		await expect(again.getByLabel(msg('en', 'ship_note_label'))).toHaveValue(
			'The box was crushed.'
		);
		await expect(again.getByLabel(msg('en', 'ship_outcome_label'))).toHaveValue('damaged');

		await expect(again.getByLabel(msg('en', 'ship_reason_label'))).toHaveValue('broken_in_transit');

		// Damaged: none usable (typed in full-width digits), a reason, the note and a real photo.
		await again
			.getByLabel(msg('en', 'ship_photos_label'))
			.setInputFiles({ name: '../../etc/passwd.png', mimeType: 'image/png', buffer: TINY_PNG });
		await again.getByRole('button', { name: msg('en', 'ship_confirm_submit') }).click();
		await expect(page.getByText(msg('en', 'ship_confirmed'))).toBeVisible();
		const line = page.locator(`#line-${lineId}`);
		await expect(line.getByText(msg('en', 'ship_receipt_damaged'), { exact: true })).toBeVisible();
		await expect(line.getByText(msg('en', 'ship_discrepancy_open'))).toBeVisible();
		const img = line.getByRole('img');
		await expect(img).toHaveCount(1);
		photoPath = (await img.getAttribute('src')) ?? '';
		expect(photoPath).toMatch(/^\/uploads\/\d+$/);

		// The photo is served to the school, with the headers that keep it private.
		const served = await page.request.get(photoPath);
		expect(served.status()).toBe(200);
		expect(served.headers()['content-type']).toBe('image/png');
		expect(served.headers()['x-content-type-options']).toBe('nosniff');
		expect(served.headers()['cache-control']).toMatch(/^private/);
		expect(served.headers()['cache-control']).not.toMatch(/public/);

		// The other lines arrived in full.
		while ((await page.locator('form[enctype="multipart/form-data"]').count()) > 0) {
			const form = page.locator('form[enctype="multipart/form-data"]').first();
			await form.getByLabel(msg('en', 'ship_note_label')).fill('');
			await form.getByRole('button', { name: msg('en', 'ship_confirm_submit') }).click();
			await expect(page.getByText(msg('en', 'ship_confirmed'))).toBeVisible();
		}
		await expect(
			page.locator('.summary').getByText(msg('en', 'ship_status_received'), { exact: true })
		).toBeVisible();
		await page.context().close();
	});

	test('the photo is hidden from another school and the public', async ({ browser }) => {
		expect(photoPath).not.toBe('');
		const other = await open(browser, 'en', 'teacher2');
		expect((await other.request.get(photoPath)).status()).toBe(404);
		expect((await other.request.get(shipmentPath)).status()).toBe(404);
		const data = await pageData(other.request, shipmentPath);
		expect(data.status).toBe(404);
		expect(data.text).not.toContain(shipmentNumber);
		await other.context().close();
		const teacher = await open(browser, 'en', 'teacher');
		const { text: own } = await pageData(teacher.request, shipmentPath);
		expect(own).toContain('李明老师');
		expect(own).not.toContain('pledgeOrganisationName');
		await teacher.context().close();
		const anon = await open(browser, 'en');
		expect((await anon.request.get(photoPath)).status()).toBe(404);
		await anon.context().close();
	});

	test('the coordinator sees the open discrepancy and re-ships', async ({ browser }) => {
		const page = await open(browser, 'en', 'coordinator');
		await visit(page, '/shipments?filter=discrepancies', 'en');
		await page.locator(`a[href="${shipmentPath}"]`).click();
		await expectAccessible(page);
		const form = page.locator('form[action^="?/resolve"]').filter({
			has: page.locator(`input[name="lineId"][value="${lineId}"]`)
		});
		// Without the confirmation box: refused, nothing changes.
		await form.getByLabel(msg('en', 'ship_resolution_note')).fill('Sent again by the sponsor.');
		await form.getByRole('button', { name: msg('en', 'ship_resolve_submit') }).click();
		await expect(page.getByText(msg('en', 'ship_error_understand')).first()).toBeVisible();
		const again = page.locator('form[action^="?/resolve"]').filter({
			has: page.locator(`input[name="lineId"][value="${lineId}"]`)
		});
		await expect(again.getByLabel(msg('en', 'ship_resolution_note'))).toHaveValue(
			'Sent again by the sponsor.'
		);
		await again.getByLabel(msg('en', 'ship_resolution_label')).selectOption('reship');
		await again.getByLabel(msg('en', 'ship_resolve_understand')).check();
		await again.getByRole('button', { name: msg('en', 'ship_resolve_submit') }).click();
		await expect(page.getByText(msg('en', 'ship_resolved'))).toBeVisible();
		const line = page.locator(`#line-${lineId}`);
		await expect(line.getByText(msg('en', 'ship_resolution_reship'))).toBeVisible();
		await expect(line.getByRole('link', { name: /^Follow-up: SH-\d{4}-\d{4}$/ })).toBeVisible();
		await page.context().close();
	});

	for (const locale of LOCALES) {
		test(`the sponsor sees the outcome (${locale})`, async ({ browser }) => {
			const page = await open(browser, locale, 'sponsor');
			await visit(page, shipmentPath, locale);
			const line = page.locator(`#line-${lineId}`);
			await expect(line.getByText(msg(locale, 'ship_discrepancy_resolved'))).toBeVisible();
			await expect(line.getByText(msg(locale, 'ship_resolution_reship'))).toBeVisible();
			await expect(line.getByText('Sent again by the sponsor.')).toBeVisible();
			// The giving sponsor may see the receipt photo.
			expect((await page.request.get(photoPath)).status()).toBe(200);
			// Decided on the server: the sponsor's data holds the outcome, not who confirmed or dispatched it.
			const { text: data } = await pageData(page.request, shipmentPath);
			expect(data).toContain('Sent again by the sponsor.');
			for (const internal of [
				'李明老师',
				'周协调',
				'confirmedByName',
				'createdByName',
				'actorName'
			])
				expect(data, internal).not.toContain(internal);
			await visit(page, '/shipments', locale);
			await page.context().close();
		});
	}
});

// The pages themselves are checked in pages.spec.ts; here, the dispatch form once a school is picked.
for (const locale of LOCALES) {
	test(`the dispatch form for a picked school is accessible at 360px (${locale})`, async ({
		browser
	}) => {
		const coordinator = await open(browser, locale, 'coordinator');
		await visit(coordinator, '/shipments/new', locale);
		await coordinator.getByLabel(msg(locale, 'ship_pick_school')).selectOption({ index: 0 });
		await coordinator.getByRole('button', { name: msg(locale, 'ship_pick_school_submit') }).click();
		await expect(coordinator).toHaveURL(/school=\d+/);
		await expectAccessible(coordinator);
		await coordinator.context().close();
	});
}

test('students and judges see no shipments', async ({ browser }) => {
	for (const who of ['student', 'judge'] as const) {
		const page = await open(browser, 'en', who);
		expect((await page.goto('/shipments'))?.status()).toBe(403);
		await page.context().close();
	}
});

test('the coordinator dispatches a sponsor’s pledge to a school', async ({ browser }) => {
	// This test makes the pledge it ships, so it never depends on what other specs left behind.
	const sponsor = await open(browser, 'en', 'sponsor');
	await visit(sponsor, '/needs', 'en');
	const schoolIds = await sponsor
		.locator('#filter-school option')
		.evaluateAll((options) =>
			options.map((o) => (o as HTMLOptionElement).value).filter((v) => /^\d+$/.test(v))
		);
	expect(schoolIds.length, 'a school with open needs in the demo').toBeGreaterThan(0);
	const schoolId = schoolIds[schoolIds.length - 1];
	const shipNew = `/shipments/new?school=${schoolId}`;
	const page = await open(browser, 'en', 'coordinator');
	const pledgesOffered = async () => {
		await visit(page, shipNew, 'en');
		return page
			.locator('form[action$="/sponsor"] input[name="pledge"]')
			.evaluateAll((boxes) => boxes.map((b) => (b as HTMLInputElement).value));
	};
	const before = new Set(await pledgesOffered());
	await visit(sponsor, `/needs?school=${schoolId}`, 'en');
	const card = sponsor.locator('form.pledge').first();
	await card.getByLabel('Quantity to pledge').fill('1');
	await card.getByRole('button', { name: 'Pledge', exact: true }).click();
	await expect(sponsor.getByRole('status')).toContainText('Pledge recorded: 1 ×');
	await sponsor.context().close();
	const mine = (await pledgesOffered()).filter((id) => !before.has(id));
	expect(mine.length, 'the pledge just made is offered for shipping').toBeGreaterThan(0);

	const form = page.locator('form[action$="/sponsor"]').filter({
		has: page.locator(`input[name="pledge"][value="${mine[0]}"]`)
	});
	// Ship only this test's pledge: others belong to other specs.
	for (const box of await form.locator('input[name="pledge"]').all())
		if (!mine.includes((await box.getAttribute('value')) ?? '')) await box.uncheck();
	await form.getByLabel(msg('en', 'ship_carrier')).fill('China Post');
	await form.getByLabel(msg('en', 'ship_dispatched_on')).fill('2020-01-01');
	await form.getByRole('button', { name: msg('en', 'ship_submit_sponsor') }).click();
	await expect(page.getByText(msg('en', 'ship_error_date')).first()).toBeVisible();
	const again = page.locator('form[action$="/sponsor"]').filter({
		has: page.locator(`input[name="pledge"][value="${mine[0]}"]`)
	});
	await expect(again.getByLabel(msg('en', 'ship_carrier'))).toHaveValue('China Post');
	await expectAccessible(page);
	for (const box of await again.locator('input[name="pledge"]').all())
		if (!mine.includes((await box.getAttribute('value')) ?? '')) await box.uncheck();
	const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
	await again.getByLabel(msg('en', 'ship_dispatched_on')).fill(today);
	await again.getByRole('button', { name: msg('en', 'ship_submit_sponsor') }).click();
	await expect(page).toHaveURL(/\/shipments\/\d+$/);
	await expect(page.getByRole('status')).toContainText(/SH-\d{4}-\d{4}/);
	await page.context().close();
});
