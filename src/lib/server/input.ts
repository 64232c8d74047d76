import { z } from 'zod';

/** Form-input pieces every area shares: ids from selects, whole numbers, pages of lists. */

/** A whole number typed in a form (全角 digits allowed), between min and max. */
export function wholeNumber(min: number, max: number) {
	return z
		.string()
		.max(12, { message: 'error_whole_number' })
		.transform((v) => v.normalize('NFKC').trim())
		.refine((v) => /^\d+$/.test(v), { message: 'error_whole_number' })
		.transform((v) => Number(v))
		.pipe(z.number().int().min(min).max(max));
}

/** An optional id from a select: '' is none. */
export const optionalId = z
	.string()
	.max(12)
	.optional()
	.transform((v) => (v ? v.normalize('NFKC').trim() : ''))
	.refine((v) => v === '' || /^[1-9]\d{0,9}$/.test(v), { message: 'error_choose_one' })
	.transform((v) => (v === '' ? null : Number(v)));

export const PAGE_SIZE = 20;

/** `?page=N` as a page number from 1; anything odd is page 1. */
export function pageOf(value: string | null | undefined): number {
	const n = Number(value);
	return Number.isInteger(n) && n >= 1 && n <= 100_000 ? n : 1;
}

export interface Paged<T> {
	items: T[];
	page: number;
	pages: number;
	total: number;
}

export function paged<T>(items: T[], total: number, page: number): Paged<T> {
	return { items, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total };
}

/** `?school=N` and the like: a positive id, or null for anything else. */
export function idParam(value: string | null | undefined): number | null {
	const v = (value ?? '').normalize('NFKC').trim();
	return /^[1-9]\d{0,9}$/.test(v) ? Number(v) : null;
}
