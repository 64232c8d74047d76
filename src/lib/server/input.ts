import { z } from 'zod';
import { LIMITS, NOTE_MAX } from '$lib/limits';
import { clean } from './forms';

/** Form-input pieces every area shares: free text, ids from selects, whole numbers, pages of lists. */

export { LIMITS, NOTE_MAX };

const MARKUP = /[<>]/;

/**
 * Free text as people type it: NFC, trimmed, without invisible, control or bidi characters (a
 * U+202E can't make a note read backwards), bounded, no markup. `required` means at least one
 * character after that tidying.
 */
export function text(options: { max: number; min?: number; required?: boolean }) {
	const min = Math.max(options.min ?? 0, options.required ? 1 : 0);
	return z
		.string()
		.transform(clean)
		.pipe(z.string().min(min).max(options.max))
		.refine((v) => !MARKUP.test(v), { message: 'error_no_markup' });
}

/** A whole number typed in a form: full-width digits (１２) allowed, signs only when asked for. */
export function quantity(min: number, max: number, options: { signed?: boolean } = {}) {
	const pattern = options.signed ? /^[+-]?\d+$/ : /^\d+$/;
	return z
		.string()
		.max(LIMITS.quantityDigits, { message: 'error_whole_number' })
		.transform((v) => v.normalize('NFKC').replace(/[\s,]/g, '').replace(/^−/, '-'))
		.refine((v) => v.length > 0, { message: 'error_required' })
		.refine((v) => v === '' || pattern.test(v), { message: 'error_whole_number' })
		.transform((v) => Number(v))
		.pipe(z.number().int().min(min).max(max));
}

/** A whole number typed in a form (全角 digits allowed), between min and max. */
export function wholeNumber(min: number, max: number) {
	return z
		.string()
		.max(LIMITS.quantityDigits, { message: 'error_whole_number' })
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
	/** Counted only up to COUNTED_PAGES pages (`db/count.ts`): there are more rows than `total`. */
	more?: boolean;
}

export function paged<T>(items: T[], total: number, page: number): Paged<T> {
	return { items, page, pages: Math.max(1, Math.ceil(total / PAGE_SIZE)), total };
}

/**
 * A list whose every row matches almost everything (the storeroom's "stock could fill" on a large
 * program: ~26,000 lines) is counted only this many pages far: the pager says "of 50+" and the
 * count stops reading rows there, instead of walking them all on every request.
 */
export const COUNTED_PAGES = 50;
export const COUNTED_ROWS = COUNTED_PAGES * PAGE_SIZE;

/** A page of a list counted with `countUpTo` (db/count.ts: a count of at most COUNTED_ROWS + 1). */
export function pagedUpTo<T>(items: T[], counted: number, page: number): Paged<T> {
	if (counted <= COUNTED_ROWS) return paged(items, counted, page);
	return { items, page, pages: COUNTED_PAGES, total: COUNTED_ROWS, more: true };
}

/** `?school=N` and the like: a positive id, or null for anything else. */
export function idParam(value: string | null | undefined): number | null {
	const v = (value ?? '').normalize('NFKC').trim();
	return /^[1-9]\d{0,9}$/.test(v) ? Number(v) : null;
}
