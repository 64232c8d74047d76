import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';
import { m } from '$lib/paraglide/messages.js';
import { requireUser } from '$lib/server/auth/guards';
import { authorize } from '$lib/server/access/authorize';
import * as shipments from '$lib/server/donations/shipments';
import { formValues, parseValues } from '$lib/server/forms';
import { guardedAction, guardedLoad } from '$lib/server/http';
import { flash } from '$lib/server/flash';

const ID = /^[1-9]\d{0,9}$/;

const Header = z.object({
	carrier: z
		.string()
		.max(shipments.CARRIER_MAX)
		.refine((v) => !/[<>]/.test(v), { message: 'error_no_markup' }),
	reference: z
		.string()
		.max(shipments.REFERENCE_MAX)
		.refine((v) => !/[<>]/.test(v), { message: 'error_no_markup' }),
	dispatchedOn: z
		.string()
		.max(10)
		.transform((v) => v.normalize('NFKC'))
		.refine((v) => shipments.isDispatchDate(v), { message: 'ship_error_date' })
});

/** A quantity typed in a form: full-width digits allowed; blank means "not this line". */
function quantityOf(raw: string): number | null | 'bad' {
	const v = raw.normalize('NFKC').replace(/\s/g, '');
	if (v === '') return null;
	if (!/^\d{1,6}$/.test(v)) return 'bad';
	const n = Number(v);
	return n >= 1 && n <= shipments.MAX_QUANTITY ? n : 'bad';
}

function schoolOf(url: URL): number | null {
	const v = url.searchParams.get('school') ?? '';
	return ID.test(v) ? Number(v) : null;
}

export const load = guardedLoad(async ({ url }) => {
	const user = requireUser();
	authorize(user, 'shipment.manage');
	const schoolId = schoolOf(url);
	const schools = await shipments.schoolsToShip(user);
	const options = schoolId ? await shipments.candidates(user, schoolId) : null;
	const sponsors = new Map<number, { id: number; name: string; pledges: typeof pledged }>();
	const pledged = options?.pledged ?? [];
	for (const p of pledged) {
		const entry = sponsors.get(p.organisationId) ?? {
			id: p.organisationId,
			name: p.organisationName,
			pledges: []
		};
		entry.pledges.push(p);
		sponsors.set(p.organisationId, entry);
	}
	return {
		schools,
		schoolId,
		options: options && {
			school: options.school,
			stock: options.stock,
			sponsors: [...sponsors.values()],
			items: options.items
		},
		today: shipments.today()
	};
}) satisfies PageServerLoad;

export const actions = {
	stock: guardedAction(async ({ request, url, cookies }) => {
		const user = requireUser();
		const schoolId = schoolOf(url);
		const form = await request.formData().catch(() => new FormData());
		const values = formValues(form);
		const parsed = parseValues(Header, values);
		const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
		const stockLines: shipments.StockLineInput[] = [];
		for (const [key, raw] of Object.entries(values)) {
			const match = /^qty_([1-9]\d{0,9})$/.exec(key);
			if (!match) continue;
			const q = quantityOf(raw);
			if (q === 'bad') {
				errors[key] = m.error_whole_number();
			} else if (q !== null) stockLines.push({ requestLineId: Number(match[1]), quantity: q });
		}
		if (stockLines.length === 0 && Object.keys(errors).length === 0) {
			errors.lines = m.ship_error_no_lines();
		}
		if (!schoolId || !parsed.ok || Object.keys(errors).length > 0)
			return fail(400, { values, errors });
		const created = await shipments.create(user, {
			schoolId,
			source: 'stock',
			carrier: parsed.data.carrier,
			reference: parsed.data.reference,
			dispatchedOn: parsed.data.dispatchedOn,
			stockLines
		});
		await flash({ cookies, url }, 'shipment_dispatched', { number: created.number });
		redirect(303, `/shipments/${created.id}`);
	}),
	sponsor: guardedAction(async ({ request, url, cookies }) => {
		const user = requireUser();
		const schoolId = schoolOf(url);
		const form = await request.formData().catch(() => new FormData());
		const values = formValues(form);
		const organisation = values.organisationId ?? '';
		const parsed = parseValues(Header, values);
		const errors: Record<string, string> = parsed.ok ? {} : { ...parsed.errors };
		const pledgeIds = form
			.getAll('pledge')
			.filter((v): v is string => typeof v === 'string' && ID.test(v))
			.slice(0, shipments.MAX_LINES + 1)
			.map(Number);
		if (pledgeIds.length === 0) {
			errors.lines = m.ship_error_no_lines();
		}
		if (!schoolId || !ID.test(organisation) || !parsed.ok || Object.keys(errors).length > 0)
			return fail(400, { values, errors });
		const pledgeLines = pledgeIds.map((pledgeId) => {
			const item = values[`item_${pledgeId}`] ?? '';
			return { pledgeId, replacementItemId: ID.test(item) ? Number(item) : null };
		});
		const created = await shipments.create(user, {
			schoolId,
			source: 'sponsor',
			organisationId: Number(organisation),
			carrier: parsed.data.carrier,
			reference: parsed.data.reference,
			dispatchedOn: parsed.data.dispatchedOn,
			pledgeLines
		});
		await flash({ cookies, url }, 'shipment_dispatched', { number: created.number });
		redirect(303, `/shipments/${created.id}`);
	})
} satisfies Actions;
