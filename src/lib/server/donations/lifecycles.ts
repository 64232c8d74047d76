import {
	RECEIPTS,
	REQUEST_STATUSES,
	type Discrepancy,
	type PledgeStatus,
	type Receipt,
	type RequestStatus,
	type ShipmentStatus
} from '../db/schema';

/**
 * A subject's lifecycle: for each action, the states it may start from and the state(s) it leads
 * to. The policy's state rules, the services' conditional updates and the timelines' labels read
 * their states and action names from here, so no status list is written twice. An action with no
 * `from` creates the subject; one with no `to` deletes it. The audit trail records each step under
 * its action's key.
 */
export type Lifecycle<S extends string> = Record<
	string,
	{ readonly from: readonly S[]; readonly to: S | readonly S[] }
>;

export const requestLifecycle = {
	create: { from: [], to: 'draft' },
	edit: { from: ['draft'], to: 'draft' },
	submit: { from: ['draft'], to: 'submitted' },
	withdraw: { from: ['submitted'], to: 'draft' },
	delete: { from: ['draft'], to: [] },
	review: { from: ['submitted'], to: ['approved', 'partially_approved', 'rejected'] },
	/** Sponsors pledge, the storeroom allocates, and shipments carry, approved lines of these requests. */
	cover: {
		from: ['approved', 'partially_approved', 'fulfilling'],
		to: ['approved', 'partially_approved', 'fulfilling']
	},
	fulfil: { from: ['approved', 'partially_approved'], to: 'fulfilling' },
	deliver: { from: ['approved', 'partially_approved', 'fulfilling'], to: 'delivered' },
	close: { from: ['delivered'], to: 'closed' }
} as const satisfies Lifecycle<RequestStatus>;

export const pledgeLifecycle = {
	create: { from: [], to: 'active' },
	cancel: { from: ['active'], to: 'cancelled' },
	ship: { from: ['active'], to: 'shipped' },
	deliver: { from: ['shipped'], to: 'delivered' },
	/** A discrepancy returned its quantity to the need. */
	withdraw: { from: ['shipped', 'active'], to: 'cancelled' }
} as const satisfies Lifecycle<PledgeStatus>;

/** A shipment is made and dispatched in one step; it is received when every line is confirmed. */
export const shipmentLifecycle = {
	dispatch: { from: [], to: 'dispatched' },
	receive: { from: ['dispatched'], to: 'received' }
} as const satisfies Lifecycle<ShipmentStatus>;

/** A shipment line's receipt: the school confirms it once, with one outcome (a key per outcome). */
export const shipmentLineLifecycle = {
	'receipt.received': { from: ['pending'], to: 'received' },
	'receipt.short': { from: ['pending'], to: 'short' },
	'receipt.damaged': { from: ['pending'], to: 'damaged' },
	'receipt.wrong_item': { from: ['pending'], to: 'wrong_item' }
} as const satisfies Lifecycle<Receipt>;

/** A line not received as sent opens a discrepancy; a coordinator resolves it one of three ways. */
export const discrepancyLifecycle = {
	open: { from: ['none'], to: 'open' },
	'resolve.reship': { from: ['open'], to: 'resolved' },
	'resolve.replace': { from: ['open'], to: 'resolved' },
	'resolve.return_to_need': { from: ['open'], to: 'resolved' }
} as const satisfies Lifecycle<Discrepancy>;

/** Every value of a union, checked complete by the compiler (for states the schema lists only as a type). */
const every = <S extends string>(all: Record<S, true>): readonly S[] => Object.keys(all) as S[];

/**
 * Each stateful subject: its table, the state it starts in, every state the schema allows, and the
 * states the schema allows but no action enters yet (so the reachability test can say so).
 */
export const subjects = {
	request: {
		lifecycle: requestLifecycle,
		initial: requestLifecycle.create.to,
		states: REQUEST_STATUSES,
		unentered: []
	},
	pledge: {
		lifecycle: pledgeLifecycle,
		initial: pledgeLifecycle.create.to,
		states: every<PledgeStatus>({ active: true, cancelled: true, shipped: true, delivered: true }),
		unentered: []
	},
	shipment: {
		lifecycle: shipmentLifecycle,
		initial: shipmentLifecycle.dispatch.to,
		states: every<ShipmentStatus>({
			preparing: true,
			dispatched: true,
			received: true,
			closed: true
		}),
		/** The schema foresees preparing before dispatch and closing after receipt; nothing does yet. */
		unentered: ['preparing', 'closed']
	},
	shipmentLine: {
		lifecycle: shipmentLineLifecycle,
		initial: RECEIPTS[0],
		states: RECEIPTS,
		unentered: []
	},
	discrepancy: {
		lifecycle: discrepancyLifecycle,
		initial: discrepancyLifecycle.open.from[0],
		states: every<Discrepancy>({ none: true, open: true, resolved: true }),
		unentered: []
	}
} as const;

/** The states an action leads to, as a list. */
export function targets<S extends string>(step: { readonly to: S | readonly S[] }): readonly S[] {
	return typeof step.to === 'string' ? [step.to as S] : (step.to as readonly S[]);
}

/** `states` and every state reachable from them through `lifecycle`. */
export function reachable<S extends string>(lifecycle: Lifecycle<S>, states: readonly S[]): S[] {
	const seen = new Set<S>(states);
	for (let grew = true; grew;) {
		grew = false;
		for (const step of Object.values(lifecycle)) {
			if (!step.from.some((s) => seen.has(s))) continue;
			for (const to of targets(step))
				if (!seen.has(to)) {
					seen.add(to);
					grew = true;
				}
		}
	}
	return [...seen];
}

/** Whether `status` is one of `states` (typed for a lifecycle's readonly lists). */
export function isIn<S extends string>(status: S, states: readonly S[]): boolean {
	return states.includes(status);
}
