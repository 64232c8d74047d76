import { setTimeZone } from '$lib/format';
import { config } from './config';

/**
 * The program's one clock and time zone. Services ask `now()` instead of `Date.now()`, so tests can
 * stand at any instant (a deadline, midnight in the program's zone) with `setClock`/`useFakeClock`.
 */
type Clock = () => number;

// The formatters show times in the same zone: on the server from here, in the browser from the
// root layout's data.
setTimeZone(config.timeZone);

const systemClock: Clock = () => Date.now();
let clock: Clock = systemClock;

/** Milliseconds since the epoch (UTC), from the current clock. */
export function now(): number {
	return clock();
}

const resolvedZones = new Map<string, string>();

/**
 * The program's IANA time zone (TIME_ZONE) in its canonical spelling; an unknown zone fails loudly
 * at first use. Resolved once per configured value: `resolvedOptions()` costs ~60 µs, and the root
 * layout asks on every page.
 */
export function timeZone(): string {
	const configured = config.timeZone;
	let zone = resolvedZones.get(configured);
	if (!zone) {
		zone = dayFormat(configured).resolvedOptions().timeZone;
		resolvedZones.set(configured, zone);
	}
	setTimeZone(zone);
	return zone;
}

/** The calendar day, as YYYY-MM-DD, in the program's time zone at `at` (default: now). */
export function today(at: number = now()): string {
	return dayFormat(config.timeZone).format(at);
}

/** The calendar year in the program's time zone at `at` (default: now). */
export function currentYear(at: number = now()): number {
	return Number(today(at).slice(0, 4));
}

/** Replaces the clock (tests only); `resetClock()` puts the system clock back. */
export function setClock(next: Clock): void {
	clock = next;
}

export function resetClock(): void {
	clock = systemClock;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function dayFormat(zone: string): Intl.DateTimeFormat {
	let format = formats.get(zone);
	if (!format) {
		try {
			// en-CA writes dates as YYYY-MM-DD.
			format = new Intl.DateTimeFormat('en-CA', { timeZone: zone });
		} catch {
			throw new Error(`TIME_ZONE is not a time zone this program knows: ${JSON.stringify(zone)}`);
		}
		formats.set(zone, format);
	}
	return format;
}
