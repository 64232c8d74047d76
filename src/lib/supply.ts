import { m } from '$lib/paraglide/messages.js';
import type { PledgeStatus } from '$lib/server/db/schema';
import type { pledgeLifecycle } from '$lib/server/donations/lifecycles';

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

const PLEDGE_STATUS: Record<PledgeStatus, { label: () => string; tone: string }> = {
	active: { label: m.supply_pledge_status_active, tone: 'green' },
	cancelled: { label: m.supply_pledge_status_cancelled, tone: '' },
	shipped: { label: m.supply_pledge_status_shipped, tone: 'blue' },
	delivered: { label: m.supply_pledge_status_delivered, tone: 'green' }
};

export function pledgeStatus(status: string) {
	return PLEDGE_STATUS[status as PledgeStatus] ?? { label: () => status, tone: '' };
}

/** Words for each step of a pledge's lifecycle: its timeline names each step by its action. */
export const pledgeActionWords = {
	create: m.supply_pledge_action_create,
	cancel: m.supply_pledge_action_cancel,
	ship: m.supply_pledge_action_ship,
	deliver: m.supply_pledge_action_deliver,
	withdraw: m.supply_pledge_action_withdraw
} satisfies Record<keyof typeof pledgeLifecycle, () => string>;

export function pledgeActionLabel(action: string): string {
	return (pledgeActionWords as Record<string, () => string>)[action]?.() ?? action;
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
