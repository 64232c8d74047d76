import { describe, expect, it } from 'vitest';
import { MAX_REDIRECT_LENGTH, safeNext } from './redirect';

describe('safeNext', () => {
	it.each([
		'/',
		'/requests',
		'/requests/12?tab=lines&page=2',
		'/supply?q=%E7%AC%94%E8%AE%B0%E6%9C%AC',
		'/people/%E5%BC%A0%E4%BC%9F',
		'/a/b#section',
		'/login?next=%2Frequests',
		'/x?redirect=//evil.example'
	])('keeps a path on this site: %s', (target) => {
		expect(safeNext(target)).toBe(target);
	});

	it.each([
		['a tab browsers drop', '/\t/evil.example'],
		['an encoded tab', '/%09/evil.example'],
		['CR/LF (header injection)', '/\r\nSet-Cookie: x=1'],
		['an encoded CR/LF', '/%0d%0aSet-Cookie:%20x=1'],
		['a lone LF', '/\n/evil.example'],
		['a NUL', '/\u0000/evil.example'],
		['protocol-relative', '//evil.example'],
		['three slashes', '///evil.example'],
		['slash-backslash', '/\\evil.example'],
		['a backslash later on', '/ok\\..\\evil'],
		['encoded slashes', '/%2F%2Fevil.example'],
		['an encoded slash after one', '/%2Fevil.example'],
		['double-encoded slashes', '/%252F%252Fevil.example'],
		['an encoded backslash', '/%5Cevil.example'],
		['a double-encoded backslash', '/%255Cevil.example'],
		['a malformed escape', '/%E0%A4%A'],
		['javascript:', 'javascript:alert(1)'],
		['an absolute URL', 'http://evil.example/'],
		['https with a path', 'https://evil.example/requests'],
		['a relative path', 'requests'],
		['an ideographic space (U+3000)', '/\u3000/evil.example'],
		['an encoded ideographic space', '/%E3%80%80/evil.example'],
		['a full-width solidus (U+FF0F)', '/\uff0fevil.example'],
		['an encoded full-width solidus', '/%EF%BC%8F%EF%BC%8Fevil.example'],
		['a full-width reverse solidus', '/%EF%BC%BCevil.example'],
		['a division slash (U+2215)', '/%E2%88%95%E2%88%95evil.example'],
		['a space', '/ /evil.example'],
		['the empty string', ''],
		['too long', '/' + 'a'.repeat(MAX_REDIRECT_LENGTH)],
		['not a string', 42]
	])('refuses %s', (_, target) => {
		expect(safeNext(target)).toBe('/');
		expect(safeNext(target, '/account')).toBe('/account');
	});

	it('keeps the longest target it allows', () => {
		const target = '/' + 'a'.repeat(MAX_REDIRECT_LENGTH - 1);
		expect(safeNext(target)).toBe(target);
	});
});
