import { m } from '$lib/paraglide/messages.js';

/** Words for the states a shipment line moves through: every badge says its state. */
export const receiptLabel: Record<string, () => string> = {
	pending: m.ship_receipt_pending,
	received: m.ship_receipt_received,
	short: m.ship_receipt_short,
	damaged: m.ship_receipt_damaged,
	wrong_item: m.ship_receipt_wrong_item
};

export const receiptColour: Record<string, string> = {
	pending: 'blue',
	received: 'green',
	short: 'amber',
	damaged: 'red',
	wrong_item: 'amber'
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

/** A history entry in words. */
export function actionLabel(action: string): string {
	if (action === 'dispatch') return m.ship_action_dispatch();
	if (action === 'received') return m.ship_action_received();
	if (action.startsWith('receipt.'))
		return m.ship_action_receipt({
			outcome: (receiptLabel[action.slice(8)] ?? (() => action))()
		});
	if (action.startsWith('resolve.'))
		return m.ship_action_resolve({
			resolution: (resolutionLabel[action.slice(8)] ?? (() => action))()
		});
	return action;
}
