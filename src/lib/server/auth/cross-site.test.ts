import { describe, expect, it } from 'vitest';
import { isCrossSiteRequest } from './cross-site';

const APP = 'https://sapling.example.org';

describe('isCrossSiteRequest', () => {
	it.each([
		// method, Origin, Sec-Fetch-Site, refused?
		['GET', 'https://evil.example', 'cross-site', false],
		['HEAD', 'https://evil.example', 'cross-site', false],
		['OPTIONS', 'https://evil.example', null, false],
		['POST', APP, 'same-origin', false],
		['POST', APP, null, false],
		['POST', 'https://evil.example', null, true],
		['POST', 'https://evil.example', 'same-origin', true],
		['POST', 'http://sapling.example.org', null, true],
		['POST', 'https://sapling.example.org:8443', null, true],
		['POST', 'https://sub.sapling.example.org', 'same-site', true],
		['POST', 'null', null, true],
		['POST', null, 'cross-site', true],
		['POST', null, 'same-site', false],
		['POST', null, 'same-origin', false],
		['POST', null, 'none', false],
		['POST', null, null, false],
		['PUT', 'https://evil.example', null, true],
		['DELETE', null, 'cross-site', true],
		['PATCH', 'https://evil.example', null, true],
		['post', 'https://evil.example', null, true]
	] as const)(
		'%s with Origin %s and Sec-Fetch-Site %s: refused %s',
		(method, origin, site, refused) => {
			expect(isCrossSiteRequest({ method, origin, secFetchSite: site }, APP)).toBe(refused);
		}
	);
});
