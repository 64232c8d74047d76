import { m } from '$lib/paraglide/messages.js';

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

export const auditActionLabel = (action: string): string =>
	say(
		{
			create: m.req_action_create,
			update: m.req_action_update,
			submit: m.req_action_submit,
			withdraw: m.req_action_withdraw,
			delete: m.req_action_delete,
			review: m.req_action_review,
			fulfil: m.req_action_fulfil,
			deliver: m.req_action_deliver,
			close: m.req_action_close
		},
		action
	);
