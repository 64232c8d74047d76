import { render } from 'svelte/server';
import { afterEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';
import Pager from './Pager.svelte';

const initialLocale = getLocale;
afterEach(() => overwriteGetLocale(initialLocale));

const href = (n: number) => `/stock?fill=${n}`;

describe('the pager', () => {
	it('names the page among all pages, with links to the neighbours', () => {
		overwriteGetLocale(() => 'en');
		const { body } = render(Pager, { props: { page: 2, pages: 3, href } });
		expect(body).toContain('Page 2 of 3');
		expect(body).toContain('href="/stock?fill=1"');
		expect(body).toContain('href="/stock?fill=3"');
	});

	it('says "of 50+" when the list was counted only that far, in either language', () => {
		overwriteGetLocale(() => 'en');
		expect(render(Pager, { props: { page: 1, pages: 50, more: true, href } }).body).toContain(
			'Page 1 of 50+'
		);
		overwriteGetLocale(() => 'zh-CN');
		const { body } = render(Pager, { props: { page: 50, pages: 50, more: true, href } });
		expect(body).toContain('第 50 页，共 50+ 页');
		// The last counted page: no link past it.
		expect(body).not.toContain('rel="next"');
	});

	it('shows nothing for a list of one page', () => {
		expect(render(Pager, { props: { page: 1, pages: 1, href } }).body).not.toContain('<nav');
	});
});
