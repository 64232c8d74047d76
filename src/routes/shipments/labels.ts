import { m } from '$lib/paraglide/messages.js';
import type { Discrepancy, Receipt } from '$lib/server/db/schema';
import type {
	discrepancyLifecycle,
	shipmentLifecycle,
	shipmentLineLifecycle
} from '$lib/server/donations/lifecycles';

/** Words for the states a shipment line moves through: every badge says its state. */
export const receiptLabel: Record<Receipt, () => string> = {
	pending: m.ship_receipt_pending,
	received: m.ship_receipt_received,
	short: m.ship_receipt_short,
	damaged: m.ship_receipt_damaged,
	wrong_item: m.ship_receipt_wrong_item
};

export const receiptColour: Record<Receipt, string> = {
	pending: 'blue',
	received: 'green',
	short: 'amber',
	damaged: 'red',
	wrong_item: 'amber'
};

/** A line's discrepancy as a badge; a line without one shows none. */
export const discrepancyBadge: Record<Discrepancy, { label: () => string; tone: string } | null> = {
	none: null,
	open: { label: m.ship_discrepancy_open, tone: 'red' },
	resolved: { label: m.ship_discrepancy_resolved, tone: 'green' }
};

export const reasonLabel: Record<string, () => string> = {
	missing_in_box: m.ship_reason_missing_in_box,
	lost_in_transit: m.ship_reason_lost_in_transit,
	broken_in_transit: m.ship_reason_broken_in_transit,
	water_damage: m.ship_reason_water_damage,
	manufacturing_defect: m.ship_reason_manufacturing_defect,
	wrong_item_sent: m.ship_reason_wrong_item_sent,
	wrong_size_or_edition: m.ship_reason_wrong_size_or_edition,
	other: m.ship_reason_other
};

export const resolutionLabel: Record<string, () => string> = {
	reship: m.ship_resolution_reship,
	replace: m.ship_resolution_replace,
	return_to_need: m.ship_resolution_return_to_need
};

export const outcomeLabel: Record<string, () => string> = {
	received: m.ship_outcome_received,
	short: m.ship_outcome_short,
	damaged: m.ship_outcome_damaged,
	wrong_item: m.ship_outcome_wrong_item
};

const receiptStep = (outcome: () => string) => () => m.ship_action_receipt({ outcome: outcome() });
const resolveStep = (resolution: () => string) => () =>
	m.ship_action_resolve({ resolution: resolution() });

/**
 * Words for each action of a shipment's, its lines' and their discrepancies' lifecycles: the
 * shipment's timeline names each step by its action.
 */
export const shipmentActionWords = {
	dispatch: m.ship_action_dispatch,
	receive: m.ship_action_received,
	'receipt.received': receiptStep(m.ship_receipt_received),
	'receipt.short': receiptStep(m.ship_receipt_short),
	'receipt.damaged': receiptStep(m.ship_receipt_damaged),
	'receipt.wrong_item': receiptStep(m.ship_receipt_wrong_item),
	open: m.ship_action_open,
	'resolve.reship': resolveStep(m.ship_resolution_reship),
	'resolve.replace': resolveStep(m.ship_resolution_replace),
	'resolve.return_to_need': resolveStep(m.ship_resolution_return_to_need)
} satisfies Record<
	| keyof typeof shipmentLifecycle
	| keyof typeof shipmentLineLifecycle
	| keyof typeof discrepancyLifecycle,
	() => string
>;

/** Names the audit trail used before they were the lifecycle's, so older entries still read. */
const formerShipmentActions: Record<string, () => string> = { received: m.ship_action_received };

/** A history entry in words. */
export function actionLabel(action: string): string {
	const words: Record<string, () => string> = { ...formerShipmentActions, ...shipmentActionWords };
	return words[action]?.() ?? action;
}
