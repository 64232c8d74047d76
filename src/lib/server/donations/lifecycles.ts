import type { PledgeStatus, RequestStatus } from '../db/schema';

/**
 * A subject's lifecycle: for each action, the states it may start from and the state(s) it leads
 * to. The policy's state rules and the services' conditional updates read their states from here,
 * so no status list is written twice.
 */
export type Lifecycle<S extends string> = Record<
	string,
	{ readonly from: readonly S[]; readonly to: S | readonly S[] }
>;

export const requestLifecycle = {
	edit: { from: ['draft'], to: 'draft' },
	submit: { from: ['draft'], to: 'submitted' },
	withdraw: { from: ['submitted'], to: 'draft' },
	delete: { from: ['draft'], to: [] },
	review: { from: ['submitted'], to: ['approved', 'partially_approved', 'rejected'] },
	/** Sponsors pledge, and the storeroom allocates, to approved lines of these requests. */
	cover: {
		from: ['approved', 'partially_approved', 'fulfilling'],
		to: ['approved', 'partially_approved', 'fulfilling']
	},
	fulfil: { from: ['approved', 'partially_approved'], to: 'fulfilling' },
	deliver: { from: ['approved', 'partially_approved', 'fulfilling'], to: 'delivered' },
	close: { from: ['delivered'], to: 'closed' }
} as const satisfies Lifecycle<RequestStatus>;

export const pledgeLifecycle = {
	cancel: { from: ['active'], to: 'cancelled' },
	ship: { from: ['active'], to: 'shipped' },
	deliver: { from: ['shipped'], to: 'delivered' },
	/** A discrepancy returned its quantity to the need. */
	withdraw: { from: ['shipped', 'active'], to: 'cancelled' }
} as const satisfies Lifecycle<PledgeStatus>;

/** Whether `status` is one of `states` (typed for a lifecycle's readonly lists). */
export function isIn<S extends string>(status: S, states: readonly S[]): boolean {
	return states.includes(status);
}
