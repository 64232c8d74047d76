import { z } from 'zod';
import {
	NOTE_MAX,
	optionalId,
	PAGE_SIZE,
	pageOf,
	paged,
	quantity,
	text as sharedText,
	type Paged
} from '../input';
// Shared with every area; re-exported so this area's callers keep one import.
export { optionalId, PAGE_SIZE, pageOf, paged, quantity, type Paged };

/** Input rules shared by the pledge and stock forms. */

export const MAX_QUANTITY = 100_000;
/** Free text: bounded, no markup. */
export function text(max: number) {
	return sharedText({ max });
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
	note: text(NOTE_MAX).optional()
});

export const CancelPledgeForm = z.object({
	confirm: z
		.string({ message: 'supply_pledge_cancel_required' })
		.refine((v) => v === 'yes', { message: 'supply_pledge_cancel_required' }),
	reason: text(NOTE_MAX).optional()
});

export const ReceiveForm = z.object({
	itemId: id,
	quantity: quantity(1, MAX_QUANTITY),
	organisationId: optionalId,
	note: text(NOTE_MAX).optional()
});

export const AdjustForm = z.object({
	itemId: id,
	delta: quantity(-MAX_QUANTITY, MAX_QUANTITY, { signed: true }).refine((v) => v !== 0, {
		message: 'supply_error_delta'
	}),
	reason: text(NOTE_MAX).refine((v) => v.length > 0, { message: 'error_required' })
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
