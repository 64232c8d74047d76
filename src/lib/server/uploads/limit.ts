/**
 * At most `max` tasks run at once; the others wait their turn, first come first served. A slot is
 * handed straight to the next in line, so a newcomer can't overtake it.
 */
export function concurrencyLimit(max: number) {
	let running = 0;
	const waiting: (() => void)[] = [];

	async function acquire(): Promise<void> {
		if (running < max) {
			running++;
			return;
		}
		await new Promise<void>((resolve) => waiting.push(resolve));
	}

	function release(): void {
		const next = waiting.shift();
		if (next) next();
		else running--;
	}

	return async function run<T>(task: () => Promise<T>): Promise<T> {
		await acquire();
		try {
			return await task();
		} finally {
			release();
		}
	};
}
