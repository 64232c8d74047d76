import { describe, expect, it } from 'vitest';
import { formatDay } from './index';

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
