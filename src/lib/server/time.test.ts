import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as time from './time';
import { useFakeClock } from './testing/clock';
import { neededBy, neededByProblem } from './donations/requests.schema';
import { isDispatchDate } from './donations/shipments';

// 23:59:59 on 2 December in Shanghai (UTC+8), and one second later, 3 December.
const BEFORE_MIDNIGHT = Date.UTC(2026, 11, 2, 15, 59, 59);
const AFTER_MIDNIGHT = BEFORE_MIDNIGHT + 1000;

describe('the program clock', () => {
	const saved = process.env.TIME_ZONE;
	afterEach(() => {
		if (saved === undefined) delete process.env.TIME_ZONE;
		else process.env.TIME_ZONE = saved;
	});

	it('gives the fake time while a test holds it, and the real time after', () => {
		const clock = useFakeClock(BEFORE_MIDNIGHT);
		expect(time.now()).toBe(BEFORE_MIDNIGHT);
		clock.advance(1000);
		expect(time.now()).toBe(AFTER_MIDNIGHT);
		time.resetClock();
		expect(Math.abs(time.now() - Date.now())).toBeLessThan(1000);
	});

	it('turns the day at midnight in the program zone (Shanghai by default)', () => {
		delete process.env.TIME_ZONE;
		expect(time.timeZone()).toBe('Asia/Shanghai');
		const clock = useFakeClock(BEFORE_MIDNIGHT);
		expect(time.today()).toBe('2026-12-02');
		expect(neededByProblem('2026-12-02')).toBeNull();
		clock.set(AFTER_MIDNIGHT);
		expect(time.today()).toBe('2026-12-03');
		expect(neededByProblem('2026-12-02')).toBe('req_error_date_past');
		expect(neededBy.safeParse('2026-12-02').success).toBe(false);
		expect(neededBy.safeParse('2026-12-03').success).toBe(true);
	});

	it('follows TIME_ZONE: in New York it is still 2 December', () => {
		process.env.TIME_ZONE = 'America/New_York';
		useFakeClock(AFTER_MIDNIGHT);
		expect(time.timeZone()).toBe('America/New_York');
		expect(time.today()).toBe('2026-12-02');
		expect(time.currentYear()).toBe(2026);
		expect(neededByProblem('2026-12-02')).toBeNull();
		expect(neededBy.safeParse('2026-12-02').success).toBe(true);
		// A dispatch date may be up to 31 days ahead of today, New York's today.
		expect(isDispatchDate('2027-01-02')).toBe(true);
		expect(isDispatchDate('2027-01-03')).toBe(false);
		delete process.env.TIME_ZONE;
		expect(isDispatchDate('2027-01-03')).toBe(true);
	});

	it('refuses a time zone it does not know, loudly', () => {
		process.env.TIME_ZONE = 'Mars/Olympus_Mons';
		expect(() => time.today()).toThrow(/TIME_ZONE/);
	});
});

describe('one time zone', () => {
	it('is named only in the configuration', () => {
		const zone = ['Asia', 'Shanghai'].join('/');
		const found: string[] = [];
		const walk = (dir: string) => {
			for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
				const file = path.join(dir, entry.name);
				if (entry.isDirectory()) {
					if (entry.name !== 'paraglide') walk(file);
				} else if (/\.(ts|js|svelte)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
					if (fs.readFileSync(file, 'utf8').includes(zone)) found.push(file);
				}
			}
		};
		walk('src');
		expect(found).toEqual([path.join('src', 'lib', 'server', 'config.ts')]);
	});
});
