import { z } from 'zod';
import { clean } from '../forms';
import { LIMITS, text as sharedText } from '../input';

/** Shared input rules for the people forms: names, free text, phone numbers, whole numbers. */

const MARKUP = /[<>]/;
// Letters (any script), combining marks, digits, spaces and the punctuation names really use.
const NAME = /^[\p{L}\p{N}][\p{L}\p{M}\p{N} ·・.'’\-()（）&,，、#/]*$/u;

/** A person's or a place's name: required, bounded, no markup and no symbols like = ; < >. */
export function name(max: number) {
	return z
		.string()
		.transform(clean)
		.pipe(z.string().min(1).max(max))
		.refine((v) => !MARKUP.test(v), { message: 'error_no_markup' })
		.refine((v) => v === '' || MARKUP.test(v) || NAME.test(v), {
			message: 'people_error_name_chars'
		});
}

/** Free text such as an address or a note: bounded, no markup. */
export function text(max: number) {
	return sharedText({ max });
}

export const phone = z
	.string()
	.max(LIMITS.phone)
	.transform((v) => v.normalize('NFKC'))
	.refine((v) => /^[0-9+\-() ]*$/.test(v), { message: 'people_error_phone' });
