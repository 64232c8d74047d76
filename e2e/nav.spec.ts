import { test, expect, signIn } from './fixtures';

/** Every destination of the coordinator's long menu is reachable on a 360 px phone, with or without JavaScript. */
for (const javaScriptEnabled of [true, false]) {
	test(`the coordinator reaches every menu item at 360 px (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({
		browser
	}) => {
		const context = await browser.newContext({
			locale: 'en-US',
			viewport: { width: 360, height: 740 },
			javaScriptEnabled
		});
		const page = await context.newPage();
		await signIn(page, 'coordinator');
		await page.goto('/stock');
		const nav = page.getByRole('navigation', { name: 'Main' });
		const menu = nav.locator('details.menu');
		await expect(menu.locator('summary')).toHaveText(/^Menu · Stock$/);
		await menu.locator('summary').click();
		const links = menu.getByRole('link');
		expect(await links.count()).toBe(13);
		for (const link of await links.all()) {
			await expect(link).toBeVisible();
			const box = (await link.boundingBox())!;
			expect(box.x).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width, await link.innerText()).toBeLessThanOrEqual(360);
			expect(box.height).toBeGreaterThanOrEqual(44);
		}
		const overflow = await page.evaluate(
			() => document.documentElement.scrollWidth - document.documentElement.clientWidth
		);
		expect(overflow).toBeLessThanOrEqual(1);
		await menu.getByRole('link', { name: 'Invitations' }).click();
		await expect(page).toHaveURL(/\/admin\/invitations$/);
		await context.close();
	});
}

test('on a desktop the menu is one row of links, no disclosure', async ({ as }) => {
	const page = await as('coordinator');
	await page.setViewportSize({ width: 1280, height: 900 });
	await page.goto('/');
	const nav = page.getByRole('navigation', { name: 'Main' });
	await expect(nav.locator('details.menu')).toBeHidden();
	await expect(nav.locator('.row').getByRole('link', { name: 'Invitations' })).toBeVisible();
});
