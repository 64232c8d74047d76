import { fail } from '@sveltejs/kit';
import type { SessionUser } from '$lib/server/auth/session';
import { formValues } from '$lib/server/forms';
import * as catalog from '$lib/server/donations/catalog';
import {
	MAX_LINES,
	parseRequestForm,
	rowsIn,
	today,
	twoYearsAfter
} from '$lib/server/donations/requests.schema';

/** What the request form needs around it: the catalog grouped by category, and date bounds. */
export async function formContext(user: SessionUser) {
	const groups: { category: string; items: { id: number; name: string; unit: string }[] }[] = [];
	for (const item of await catalog.listActive(user)) {
		let group = groups.find((g) => g.category === item.category);
		if (!group) groups.push((group = { category: item.category, items: [] }));
		group.items.push({ id: item.id, name: item.name, unit: item.unitLabel });
	}
	const minDate = today();
	return { groups, minDate, maxDate: twoYearsAfter(minDate), maxRows: MAX_LINES };
}

async function postedValues(request: Request): Promise<Record<string, string>> {
	try {
		return formValues(await request.formData());
	} catch {
		return {};
	}
}

/** "Add more lines" without JavaScript: the same form back, five rows longer, nothing lost. */
export async function moreRows(request: Request) {
	const values = await postedValues(request);
	return {
		values,
		errors: {} as Record<string, string>,
		rows: Math.min(MAX_LINES, rowsIn(values) + 5)
	};
}

/** The posted request form, parsed; a refusal keeps what was typed and how many rows there were. */
export async function parsePosted(request: Request) {
	const values = await postedValues(request);
	const parsed = parseRequestForm(values);
	if (!parsed.ok)
		return { ok: false as const, failure: fail(400, { ...parsed, rows: rowsIn(values) }) };
	return { ok: true as const, data: parsed.data };
}
