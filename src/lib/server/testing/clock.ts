import { onTestFinished } from 'vitest';
import { resetClock, setClock } from '../time';

/** Stops the program's clock at `ms` for the current test; it runs again when the test ends. */
export function useFakeClock(ms: number) {
	let current = ms;
	setClock(() => current);
	onTestFinished(resetClock);
	return {
		set(next: number) {
			current = next;
		},
		advance(by: number) {
			current += by;
		}
	};
}
