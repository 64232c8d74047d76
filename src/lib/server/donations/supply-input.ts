import { z } from 'zod';
import { optionalId, PAGE_SIZE, pageOf, paged, type Paged } from '../input';
// Shared with every area; re-exported so this area's callers keep one import.
export { optionalId, PAGE_SIZE, pageOf, paged, type Paged };

/** Input rules shared by the pledge and stock forms. */

export const MAX_QUANTITY = 100_000;
/** A whole number typed in a form: full-width digits (１２) allowed, signs only when asked for. */
export function quantity(min: number, max: number, options: { signed?: boolean } = {}) {
	const pattern = options.signed ? /^[+-]?\d+$/ : /^\d+$/;
	return z
		.string()
		.max(12, { message: 'error_whole_number' })
		.transform((v) => v.normalize('NFKC').replace(/[\s,]/g, '').replace(/^−/, '-'))
		.refine((v) => v.length > 0, { message: 'error_required' })
		.refine((v) => v === '' || pattern.test(v), { message: 'error_whole_number' })
		.transform((v) => Number(v))
		.pipe(z.number().int().min(min).max(max));
}

/** Free text: bounded, no markup. */
export function text(max: number) {
	return z
		.string()
		.max(max)
		.refine((v) => !/[<>]/.test(v), { message: 'error_no_markup' });
}

/** An id posted by a form or a select; '' or anything odd fails with "choose one". */
export const id = z
	.string()
	.max(12)
	.transform((v) => v.normalize('NFKC'))
	.refine((v) => /^[1-9]\d{0,9}$/.test(v), { message: 'error_choose_one' })
	.transform((v) => Number(v));

/** Whole, positive, bounded: what a service accepts whatever the caller parsed. */
export function isQuantity(n: unknown, max = MAX_QUANTITY): n is number {
	return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= max;
}

/** The forms of the pledge and stock pages. */
export const PledgeForm = z.object({
	lineId: id,
	quantity: quantity(1, MAX_QUANTITY),
	note: text(500).optional()
});

export const CancelPledgeForm = z.object({
	confirm: z
		.string({ message: 'supply_pledge_cancel_required' })
		.refine((v) => v === 'yes', { message: 'supply_pledge_cancel_required' }),
	reason: text(500).optional()
});

export const ReceiveForm = z.object({
	itemId: id,
	quantity: quantity(1, MAX_QUANTITY),
	organisationId: optionalId,
	note: text(500).optional()
});

export const AdjustForm = z.object({
	itemId: id,
	delta: quantity(-MAX_QUANTITY, MAX_QUANTITY, { signed: true }).refine((v) => v !== 0, {
		message: 'supply_error_delta'
	}),
	reason: text(500).refine((v) => v.length > 0, { message: 'error_required' })
});

export const AllocateForm = z.object({
	itemId: id,
	requestLineId: id,
	quantity: quantity(1, MAX_QUANTITY)
});

export const ReleaseForm = z.object({
	requestLineId: id,
	quantity: quantity(1, MAX_QUANTITY)
});
