import { m } from '$lib/paraglide/messages.js';
import type { requestLifecycle } from '$lib/server/donations/lifecycles';

type Words = Record<string, () => string>;
const say = (words: Words, code: string): string => words[code]?.() ?? code;

/** Words for the catalog's and supply requests' codes: statuses, categories, age bands, audit steps. */
export const statusLabel = (status: string): string =>
	say(
		{
			draft: m.req_status_draft,
			submitted: m.req_status_submitted,
			approved: m.req_status_approved,
			partially_approved: m.req_status_partially_approved,
			rejected: m.req_status_rejected,
			fulfilling: m.req_status_fulfilling,
			delivered: m.req_status_delivered,
			closed: m.req_status_closed
		},
		status
	);

/** Badge colour per status (the badge always says the state in words too). */
export const statusTone = (status: string): string =>
	(
		({
			submitted: 'blue',
			approved: 'green',
			partially_approved: 'amber',
			rejected: 'red',
			fulfilling: 'blue',
			delivered: 'green'
		}) as Record<string, string>
	)[status] ?? '';

export const categoryLabel = (category: string | null): string =>
	category === null
		? ''
		: say(
				{
					book: m.cat_category_book,
					toy: m.cat_category_toy,
					sports: m.cat_category_sports,
					classroom: m.cat_category_classroom,
					stationery: m.cat_category_stationery,
					library: m.cat_category_library,
					other: m.cat_category_other
				},
				category
			);

export const ageBandLabel = (band: string): string =>
	say(
		{
			kindergarten: m.cat_age_kindergarten,
			lower_primary: m.cat_age_lower_primary,
			upper_primary: m.cat_age_upper_primary,
			all: m.cat_age_all
		},
		band
	);

/** Words for each action of a request's lifecycle: its timeline names each step by its action. */
export const requestActionWords = {
	create: m.req_action_create,
	edit: m.req_action_update,
	submit: m.req_action_submit,
	withdraw: m.req_action_withdraw,
	delete: m.req_action_delete,
	review: m.req_action_review,
	cover: m.req_action_cover,
	fulfil: m.req_action_fulfil,
	deliver: m.req_action_deliver,
	close: m.req_action_close
} satisfies Record<keyof typeof requestLifecycle, () => string>;

/** Names the audit trail used before they were the lifecycle's, so older entries still read. */
const formerRequestActions: Words = { update: m.req_action_update };

export const auditActionLabel = (action: string): string =>
	say({ ...formerRequestActions, ...requestActionWords }, action);
