import { z } from 'zod';

/** Shared input rules for the people forms: names, free text, phone numbers, whole numbers. */

const MARKUP = /[<>]/;
// Letters (any script), combining marks, digits, spaces and the punctuation names really use.
const NAME = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} ·・.'’\-()（）&,，、#/]*$/u;

/** A person's or a place's name: required, bounded, no markup and no symbols like = ; < >. */
export function name(max: number) {
	return z
		.string()
		.min(1)
		.max(max)
		.refine((v) => !MARKUP.test(v), { message: 'error_no_markup' })
		.refine((v) => v === '' || MARKUP.test(v) || NAME.test(v), {
			message: 'people_error_name_chars'
		});
}

/** Free text such as an address or a note: bounded, no markup. */
export function text(max: number) {
	return z
		.string()
		.max(max)
		.refine((v) => !MARKUP.test(v), { message: 'error_no_markup' });
}

export const phone = z
	.string()
	.max(30)
	.transform((v) => v.normalize('NFKC'))
	.refine((v) => /^[0-9+\-() ]*$/.test(v), { message: 'people_error_phone' });

/** A whole number typed in a form (全角 digits allowed), between min and max. */
export function wholeNumber(min: number, max: number) {
	return z
		.string()
		.max(12)
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
	.transform((v) => (v ? v.normalize('NFKC') : ''))
	.refine((v) => v === '' || /^[1-9]\d{0,9}$/.test(v), { message: 'error_choose_one' })
	.transform((v) => (v === '' ? null : Number(v)));

export const PAGE_SIZE = 20;

/** `?page=N` as a page number from 1, anything odd being 1. */
export function pageOf(value: string | null): number {
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
