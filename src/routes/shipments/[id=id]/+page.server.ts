import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { requireUser } from '$lib/server/auth/guards';
import { RESOLUTIONS } from '$lib/server/db/schema';
import * as receipts from '$lib/server/donations/receipts';
import * as shipments from '$lib/server/donations/shipments';
import { formValues, parseValues } from '$lib/server/forms';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { flash } from '$lib/server/flash';

const lineId = z
	.string()
	.max(12)
	.refine((v) => /^[1-9]\d{0,9}$/.test(v), { message: 'error_invalid' })
	.transform(Number);

const note = z
	.string()
	.max(receipts.NOTE_MAX)
	.refine((v) => !/[<>]/.test(v), { message: 'error_no_markup' });

/** Blank, or a whole number (全角 digits allowed). */
const optionalCount = z
	.string()
	.max(12)
	.optional()
	.transform((v) => (v ?? '').normalize('NFKC').replace(/\s/g, ''))
	.refine((v) => v === '' || /^\d{1,6}$/.test(v), { message: 'error_whole_number' })
	.transform((v) => (v === '' ? null : Number(v)));

const Confirm = z.object({
	lineId,
	outcome: z.enum(receipts.OUTCOMES),
	quantityReceived: optionalCount,
	reasonCode: z.union([z.enum(receipts.REASON_CODES), z.literal('')]).optional(),
	note: note.optional()
});

const Resolve = z.object({
	lineId,
	resolution: z.enum(RESOLUTIONS),
	resolutionNote: note.min(1),
	catalogItemId: z
		.string()
		.max(12)
		.optional()
		.refine((v) => !v || /^[1-9]\d{0,9}$/.test(v), { message: 'error_choose_one' })
		.transform((v) => (v ? Number(v) : null)),
	carrier: z.string().max(shipments.CARRIER_MAX).optional(),
	reference: z.string().max(shipments.REFERENCE_MAX).optional(),
	dispatchedOn: z.string().max(10).optional(),
	understand: z.literal('yes', { message: 'ship_error_understand' })
});

export const load = guardedLoad(async ({ params }) => {
	const user = requireUser();
	const view = await shipments.get(user, Number(params.id));
	return {
		...view,
		canThank: view.canThank,
		outcomes: [...receipts.OUTCOMES],
		reasons: [...receipts.REASON_CODES]
	};
}) satisfies PageServerLoad;

export const actions = {
	confirm: guardedAction(async ({ request, params, cookies, url }) => {
		const user = requireUser();
		const form = await request.formData().catch(() => new FormData());
		const values = formValues(form);
		const parsed = parseValues(Confirm, values);
		if (!parsed.ok) return fail(400, parsed);
		const photos = form.getAll('photos').filter((f): f is File => f instanceof File);
		await receipts.confirmLine(
			user,
			parsed.data.lineId,
			{
				outcome: parsed.data.outcome,
				quantityReceived: parsed.data.quantityReceived,
				reasonCode: parsed.data.reasonCode ?? '',
				note: parsed.data.note ?? ''
			},
			photos
		);
		await flash({ cookies, url }, 'receipt_confirmed');
		redirect(303, `/shipments/${params.id}#line-${parsed.data.lineId}`);
	}),
	resolve: guardedAction(async ({ request, params, cookies, url }) => {
		const user = requireUser();
		const form = await request.formData().catch(() => new FormData());
		const values = formValues(form);
		const parsed = parseValues(Resolve, values);
		if (!parsed.ok) return fail(400, parsed);
		await receipts.resolve(user, parsed.data.lineId, {
			resolution: parsed.data.resolution,
			note: parsed.data.resolutionNote,
			catalogItemId: parsed.data.catalogItemId,
			carrier: parsed.data.carrier,
			reference: parsed.data.reference,
			dispatchedOn: parsed.data.dispatchedOn
		});
		await flash({ cookies, url }, 'discrepancy_resolved');
		redirect(303, `/shipments/${params.id}#line-${parsed.data.lineId}`);
	})
} satisfies Actions;
