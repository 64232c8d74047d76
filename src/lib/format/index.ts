/**
 * Pure, client-safe formatting per locale. Times are shown in the program's time zone (TIME_ZONE),
 * which the server hands over in the root layout's data: `setTimeZone` is called from there.
 */
let programTimeZone: string | undefined;

export function setTimeZone(zone: string): void {
	programTimeZone = zone;
}

/** The program's time zone as handed over by the server; unset is a wiring bug, so it throws. */
export function getTimeZone(): string {
	if (!programTimeZone) throw new Error('The program time zone was not set (root layout data)');
	return programTimeZone;
}

/**
 * Building an Intl formatter costs ~100 µs, using one ~1 µs, and a list page formats hundreds of
 * values: keep one per locale and option set. Few keys ever exist (two locales, a handful of
 * styles, one program zone), so the caches need no bound.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
	const key = `${locale}|${options.dateStyle}|${options.timeStyle}|${options.timeZone}`;
	let format = dateFormats.get(key);
	if (!format) dateFormats.set(key, (format = new Intl.DateTimeFormat(locale, options)));
	return format;
}

function numberFormat(locale: string, currency?: string): Intl.NumberFormat {
	const key = `${locale}|${currency ?? ''}`;
	let format = numberFormats.get(key);
	if (!format)
		numberFormats.set(
			key,
			(format = new Intl.NumberFormat(locale, currency ? { style: 'currency', currency } : {}))
		);
	return format;
}

export function formatDate(
	ms: number | null | undefined,
	locale: string,
	timeZone = getTimeZone()
): string {
	if (ms === null || ms === undefined) return '';
	return dateFormat(locale, { dateStyle: 'medium', timeZone }).format(ms);
}

export function formatDateTime(
	ms: number | null | undefined,
	locale: string,
	timeZone = getTimeZone()
): string {
	if (ms === null || ms === undefined) return '';
	return dateFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(ms);
}

/**
 * A calendar date (YYYY-MM-DD, already a day of the program's zone) in the reader's locale. It is
 * formatted as that day in UTC, so no time zone can move it to the day before or after; anything
 * that is not such a date is shown as it is.
 */
export function formatDay(day: string | null | undefined, locale: string): string {
	if (!day) return '';
	const key = `${locale}|${day}`;
	const known = formattedDays.get(key);
	if (known !== undefined) return known;
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!match) return day;
	const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
	const formatted = dateFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);
	// A list shows the same few hundred days again and again; keep them, within a bound.
	if (formattedDays.size >= FORMATTED_DAYS_KEPT) formattedDays.clear();
	formattedDays.set(key, formatted);
	return formatted;
}

const FORMATTED_DAYS_KEPT = 10_000;
const formattedDays = new Map<string, string>();

export function formatNumber(n: number, locale: string): string {
	return numberFormat(locale).format(n);
}

/** Money is kept as integer fen; shown as yuan. */
export function formatCny(fen: number, locale: string): string {
	return numberFormat(locale, 'CNY').format(fen / 100);
}
