import { describe, expect, it } from 'vitest';
import { formatCny, formatDate, formatDateTime, formatDay, formatNumber } from './index';

describe('formatDay', () => {
	it('shows a calendar date as that day, whatever the zone of the reader or the program', () => {
		expect(formatDay('2026-12-02', 'en')).toBe('Dec 2, 2026');
		expect(formatDay('2026-01-01', 'zh-CN')).toBe('2026年1月1日');
		expect(formatDay('2026-12-31', 'en')).toBe('Dec 31, 2026');
	});

	it('shows anything that is not such a date as it is, and nothing as nothing', () => {
		expect(formatDay('soon', 'en')).toBe('soon');
		expect(formatDay(null, 'en')).toBe('');
		expect(formatDay('', 'en')).toBe('');
	});
});

describe('reused formatters', () => {
	it('keep each style apart: a date, a date and time, a number and money per locale', () => {
		const at = Date.UTC(2026, 11, 2, 4, 5);
		for (const locale of ['en', 'zh-CN']) {
			for (let round = 0; round < 2; round++) {
				expect(formatDate(at, locale, 'Asia/Shanghai')).toBe(
					new Intl.DateTimeFormat(locale, {
						dateStyle: 'medium',
						timeZone: 'Asia/Shanghai'
					}).format(at)
				);
				expect(formatDateTime(at, locale, 'UTC')).toBe(
					new Intl.DateTimeFormat(locale, {
						dateStyle: 'medium',
						timeStyle: 'short',
						timeZone: 'UTC'
					}).format(at)
				);
				expect(formatNumber(12345, locale)).toBe(new Intl.NumberFormat(locale).format(12345));
				expect(formatCny(12345, locale)).toBe(
					new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(123.45)
				);
			}
		}
		// A different zone is a different formatter.
		expect(formatDateTime(at, 'en', 'Asia/Shanghai')).not.toBe(formatDateTime(at, 'en', 'UTC'));
	});
});
