import { m } from '$lib/paraglide/messages.js';
import { formatDate } from '$lib/format';

/** Client-safe labels for the pledge and stock pages. */
const CATEGORY_NAMES: Record<string, () => string> = {
	book: m.supply_category_book,
	toy: m.supply_category_toy,
	sports: m.supply_category_sports,
	classroom: m.supply_category_classroom,
	stationery: m.supply_category_stationery,
	library: m.supply_category_library,
	other: m.supply_category_other
};

export function categoryName(category: string): string {
	return (CATEGORY_NAMES[category] ?? m.supply_category_other)();
}

const PLEDGE_STATUS: Record<string, { label: () => string; tone: string }> = {
	active: { label: m.supply_pledge_status_active, tone: 'green' },
	cancelled: { label: m.supply_pledge_status_cancelled, tone: '' },
	shipped: { label: m.supply_pledge_status_shipped, tone: 'blue' },
	delivered: { label: m.supply_pledge_status_delivered, tone: 'green' }
};

export function pledgeStatus(status: string) {
	return PLEDGE_STATUS[status] ?? { label: () => status, tone: '' };
}

const KINDS: Record<string, () => string> = {
	received: m.supply_kind_received,
	allocated: m.supply_kind_allocated,
	released: m.supply_kind_released,
	shipped: m.supply_kind_shipped,
	adjusted: m.supply_kind_adjusted
};

export function movementKind(kind: string): string {
	return (KINDS[kind] ?? (() => kind))();
}

/** A calendar date (YYYY-MM-DD) in the reader's locale; anything else is shown as it is. */
export function formatDay(day: string, locale: string): string {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!match) return day;
	// Noon UTC falls on the same calendar day in the program's time zone.
	return formatDate(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12), locale);
}
