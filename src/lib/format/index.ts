/** Pure, client-safe formatting per locale. Times are shown in the program's time zone. */
export const PROGRAM_TIME_ZONE = 'Asia/Shanghai';

export function formatDate(
	ms: number | null | undefined,
	locale: string,
	timeZone = PROGRAM_TIME_ZONE
): string {
	if (ms === null || ms === undefined) return '';
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(ms);
}

export function formatDateTime(
	ms: number | null | undefined,
	locale: string,
	timeZone = PROGRAM_TIME_ZONE
): string {
	if (ms === null || ms === undefined) return '';
	return new Intl.DateTimeFormat(locale, {
		dateStyle: 'medium',
		timeStyle: 'short',
		timeZone
	}).format(ms);
}

export function formatNumber(n: number, locale: string): string {
	return new Intl.NumberFormat(locale).format(n);
}

/** Money is kept as integer fen; shown as yuan. */
export function formatCny(fen: number, locale: string): string {
	return new Intl.NumberFormat(locale, { style: 'currency', currency: 'CNY' }).format(fen / 100);
}
