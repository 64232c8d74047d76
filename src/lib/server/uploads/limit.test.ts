import { describe, expect, it } from 'vitest';
import { concurrencyLimit } from './limit';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('concurrencyLimit', () => {
	it('never runs more than N at once, and runs every task in the order it came', async () => {
		const run = concurrencyLimit(2);
		let now = 0;
		let most = 0;
		const started: number[] = [];
		const task = (i: number) => async () => {
			started.push(i);
			most = Math.max(most, ++now);
			await tick(5 + ((i * 7) % 11));
			now--;
			return i;
		};
		const results = await Promise.all(Array.from({ length: 9 }, (_, i) => run(task(i))));
		expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
		expect(most).toBe(2);
		expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
		expect(now).toBe(0);
	});

	it('frees the slot of a task that fails', async () => {
		const run = concurrencyLimit(1);
		await expect(run(() => Promise.reject(new Error('bad photo')))).rejects.toThrow('bad photo');
		expect(await run(async () => 'next')).toBe('next');
	});
});
