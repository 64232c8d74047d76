import type { Page } from '@playwright/test';
import { test, expect, expectAccessible, postForm, useLocale } from './fixtures';

// These tests change the same demo needs and storeroom: run them one after another.
test.describe.configure({ mode: 'serial' });

/** Axe-clean, and nothing wider than the screen (no sideways scrolling at 360 px). */
async function checkPage(page: Page) {
	await expectAccessible(page);
	const overflow = await page.evaluate(
		() => document.documentElement.scrollWidth - document.documentElement.clientWidth
	);
	expect(overflow, `sideways scroll on ${page.url()}`).toBeLessThanOrEqual(0);
}

/** The pledge forms on /needs: each line's id and its open quantity (the quantity's default). */
async function needsOnPage(page: Page) {
	const forms = page.locator('form[action*="/pledge"]');
	const count = await forms.count();
	const needs: { lineId: string; open: number }[] = [];
	for (let i = 0; i < count; i++) {
		const form = forms.nth(i);
		needs.push({
			lineId: await form.locator('input[name="lineId"]').inputValue(),
			open: Number(await form.locator('input[name="quantity"]').inputValue())
		});
	}
	return needs;
}

for (const locale of ['en', 'zh-CN'] as const) {
	test(`a sponsor pledges on /needs, sees it on /pledges and cancels it (${locale})`, async ({
		as
	}) => {
		const page = await as('sponsor');
		await useLocale(page, locale);
		await page.setViewportSize({ width: 360, height: 800 });
		const zh = locale === 'zh-CN';

		await page.goto('/needs');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(
			zh ? '待认捐需求' : 'Open needs'
		);
		await checkPage(page);
		const card = page.locator('li.need').first();
		const item = (await card.getByRole('heading', { level: 2 }).textContent())!.trim();
		const quantity = card.getByLabel(zh ? '认捐数量' : 'Quantity to pledge');
		const open = Number(await quantity.inputValue());
		expect(open).toBeGreaterThan(0);

		// Bad input keeps what was typed and says why, at the field.
		await quantity.fill('0');
		await card.getByRole('button', { name: zh ? '认捐' : 'Pledge' }).click();
		const failed = page.locator('li.need').filter({ hasText: item }).first();
		await expect(failed.locator('.field-error')).toBeVisible();
		await expect(failed.getByLabel(zh ? '认捐数量' : 'Quantity to pledge')).toHaveValue('0');
		await checkPage(page);
		// More than is open: refused with the open quantity.
		await failed.getByLabel(zh ? '认捐数量' : 'Quantity to pledge').fill(String(open + 1));
		await failed.getByRole('button', { name: zh ? '认捐' : 'Pledge' }).click();
		await expect(
			page.locator('li.need').filter({ hasText: item }).first().locator('.field-error')
		).toContainText(String(open));

		// Full-width digits are fine.
		const again = page.locator('li.need').filter({ hasText: item }).first();
		await again.getByLabel(zh ? '认捐数量' : 'Quantity to pledge').fill('１');
		await again.getByRole('button', { name: zh ? '认捐' : 'Pledge' }).click();
		await expect(page.getByRole('status')).toContainText(zh ? '认捐已记录' : 'Pledge recorded');

		await page.goto('/pledges');
		await checkPage(page);
		const row = page.locator('tbody tr').filter({ hasText: item }).first();
		await expect(row.locator('.badge')).toHaveText(zh ? '有效' : 'Active');
		await row.getByRole('link', { name: item, exact: true }).click();
		await expect(page).toHaveURL(/\/pledges\/\d+$/);
		await checkPage(page);
		// Its story so far: one step, the pledge itself.
		const story = page.getByRole('region', { name: zh ? '记录' : 'History' });
		await expect(story.locator('.timeline li')).toHaveCount(1);
		await expect(story).toContainText(zh ? '认捐' : 'Pledged');

		// The cancel asks once: without the tick nothing changes.
		await page.getByRole('button', { name: zh ? '取消认捐' : 'Cancel pledge' }).click();
		await expect(page.locator('#confirm-error')).toBeVisible();
		await page.getByLabel(zh ? '我了解这项认捐将被撤回' : 'I understand').check();
		await page.getByRole('button', { name: zh ? '取消认捐' : 'Cancel pledge' }).click();
		// The list (a browser keeps the cancel form's #fragment across the redirect).
		await expect(page).toHaveURL(/\/pledges(#[\w-]*)?$/);
		await expect(page.getByRole('status')).toContainText(
			zh ? '认捐已取消' : 'The pledge was cancelled'
		);
		await checkPage(page);
	});
}

test('30 pledges posted at once on a line with 5 open: exactly 5 succeed', async ({ as }) => {
	const page = await as('sponsor');
	await page.goto('/needs');
	const needs = await needsOnPage(page);
	const line = needs.reverse().find((n) => n.open >= 5);
	expect(line, 'a need with at least 5 open').toBeDefined();
	if (line!.open > 5) {
		const first = await postForm(page.request, '/needs?/pledge', {
			lineId: line!.lineId,
			quantity: String(line!.open - 5)
		});
		expect(first.status()).toBe(303);
	}
	const responses = await Promise.all(
		Array.from({ length: 30 }, () =>
			postForm(page.request, '/needs?/pledge', { lineId: line!.lineId, quantity: '1' })
		)
	);
	const statuses = responses.map((r) => r.status());
	expect(statuses.filter((s) => s === 303)).toHaveLength(5);
	expect(statuses.filter((s) => s === 409)).toHaveLength(25);
	const refused = responses.find((r) => r.status() === 409)!;
	expect(await refused.text()).toMatch(/fully covered|still open/);
	// The line is covered now: it is no longer among the open needs.
	await page.goto('/needs');
	expect((await needsOnPage(page)).map((n) => n.lineId)).not.toContain(line!.lineId);
});

for (const locale of ['en', 'zh-CN'] as const) {
	test(`a coordinator receives stock, allocates it to a need and reads the ledger (${locale})`, async ({
		as
	}) => {
		const page = await as('coordinator');
		await useLocale(page, locale);
		await page.setViewportSize({ width: 360, height: 800 });
		const zh = locale === 'zh-CN';
		// Goods arrive for an item some school still needs.
		await page.goto('/needs');
		const needed = (await page.locator('li.need h2').allTextContents()).map((t) => t.trim());
		await page.goto('/stock');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText(zh ? '库存' : 'Stock');
		await checkPage(page);

		const receive = page.locator('form[action="?/receive"]');
		const options = await receive
			.locator('select[name="itemId"] option')
			.evaluateAll((os) =>
				os.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' }))
			);
		const choice = options.find((o) => needed.some((name) => o.label.startsWith(name)));
		expect(choice, 'a catalog item with an open need').toBeDefined();
		const itemName = needed.find((name) => choice!.label.startsWith(name))!;
		await receive.getByLabel(zh ? '物品' : 'Item').selectOption(choice!.value);
		await receive.getByLabel(zh ? '到货数量' : 'Quantity received').fill('１２');
		await receive.getByLabel(zh ? '捐赠单位' : 'From sponsor').selectOption({ index: 1 });
		await receive.getByRole('button').click();
		await expect(page.getByRole('status')).toHaveText(
			zh ? '已到货并计入库存。' : 'Received and added to stock.'
		);

		// An adjustment needs a reason; the typed change is kept.
		const adjust = page.locator('form[action="?/adjust"]');
		await adjust.getByLabel(zh ? '变动数量' : 'Change').fill('-1');
		await adjust.getByRole('button').click();
		await expect(page.locator('#field-adjust-reason-error, #adjust-reason-error')).toBeVisible();
		await expect(
			page.locator('form[action="?/adjust"]').getByLabel(zh ? '变动数量' : 'Change')
		).toHaveValue('-1');
		await checkPage(page);

		const suggestion = page.locator('ul.fill > li').filter({ hasText: itemName }).first();
		await expect(suggestion).toBeVisible();
		await suggestion.getByRole('button').click();
		await expect(page.getByRole('status')).toHaveText(
			zh ? '已为该需求预留库存。' : 'Stock set aside for the need.'
		);

		await page.locator('tbody tr a').first().click();
		await expect(page).toHaveURL(/\/stock\/\d+/);
		await expect(page.locator('tbody tr').first()).toBeVisible();
		await checkPage(page);
	});
}

test('teachers, students and judges see none of the pledge and stock pages', async ({ as }) => {
	for (const account of ['teacher', 'student', 'judge'] as const) {
		const page = await as(account);
		for (const path of ['/needs', '/pledges', '/stock', '/stock/1', '/pledges/1']) {
			const response = await page.goto(path);
			expect([403, 404], `${account} ${path}`).toContain(response!.status());
		}
		const post = await postForm(page.request, '/needs?/pledge', { lineId: '1', quantity: '1' });
		expect([403, 404]).toContain(post.status());
		const stock = await postForm(page.request, '/stock?/receive', { itemId: '1', quantity: '5' });
		expect([403, 404]).toContain(stock.status());
	}
});

test("a sponsor can't see or cancel another organisation's pledge, and odd ids are 404", async ({
	as
}) => {
	const page = await as('sponsor');
	for (const path of ['/pledges/999999', '/pledges/abc', '/pledges/0', '/stock/1']) {
		const response = await page.goto(path);
		expect([403, 404], path).toContain(response!.status());
	}
	const cancel = await postForm(page.request, '/pledges/999999?/cancel', { confirm: 'yes' });
	expect(cancel.status()).toBe(404);
	for (const quantity of ['0', '-1', '1.5', '1e9', '', 'x'.repeat(5000)]) {
		const response = await postForm(page.request, '/needs?/pledge', { lineId: '1', quantity });
		expect(response.status(), JSON.stringify(quantity.slice(0, 10))).toBe(400);
	}
});
