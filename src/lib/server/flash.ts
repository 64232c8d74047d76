import { createHash, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { getDb } from './db';
import * as time from './time';

/**
 * The confirmation a successful action leaves for the page after its redirect(303): "Pledge
 * recorded", "Shipment SH-2026-0012 dispatched". A row keyed by the SHA-256 of a random token in an
 * HttpOnly cookie holds a message key and its parameters, so it renders in the language of the page
 * it lands on, works signed out and without JavaScript, and any instance on the database shows it.
 * Read once by a `DELETE … RETURNING`; the root layout renders it in a status region.
 */
export const TTL_MS = 5 * 60 * 1000;
export const COOKIE = 'sapling-flash';
const TOKEN_BYTES = 32;
/** Longer parameters are cut: a name or an item, never a paragraph. */
const PARAM_MAX = 200;

type Param = string | number;

/** Every confirmation there is, by key; a key not here is refused when set and ignored when read. */
const messages = {
	signed_in: () => m.flash_signed_in(),
	signed_out: () => m.flash_signed_out(),
	language_changed: () => m.flash_language_changed(),
	invitation_accepted: () => m.flash_invitation_accepted(),
	password_changed: () => m.password_changed(),
	request_created: (p: { id: number }) => m.flash_request_created(p),
	request_saved: (p: { id: number }) => m.flash_request_saved(p),
	request_submitted: (p: { id: number }) => m.flash_request_submitted(p),
	request_withdrawn: (p: { id: number }) => m.flash_request_withdrawn(p),
	request_deleted: (p: { id: number }) => m.flash_request_deleted(p),
	request_reviewed: (p: { id: number }) => m.flash_request_reviewed(p),
	request_closed: (p: { id: number }) => m.flash_request_closed(p),
	pledge_recorded: (p: { quantity: number; item: string; covered: number; approved: number }) =>
		m.flash_pledge_recorded(p),
	pledge_cancelled: () => m.supply_pledge_cancelled(),
	shipment_dispatched: (p: { number: string }) => m.ship_created(p),
	receipt_confirmed: () => m.ship_confirmed(),
	discrepancy_resolved: () => m.ship_resolved(),
	thanks_posted: () => m.thanks_posted(),
	catalog_item_added: () => m.flash_catalog_item_added(),
	catalog_item_saved: () => m.flash_catalog_item_saved(),
	catalog_item_retired: () => m.flash_catalog_item_retired(),
	catalog_item_reactivated: () => m.flash_catalog_item_reactivated(),
	stock_received: () => m.supply_received_done(),
	stock_adjusted: () => m.supply_adjusted_done(),
	stock_allocated: () => m.supply_allocated_done(),
	stock_released: () => m.supply_released_done(),
	notification_read: () => m.flash_notification_read(),
	notifications_all_read: () => m.notif_all_read_done(),
	county_added: () => m.people_county_added(),
	county_saved: () => m.people_county_saved(),
	school_added: () => m.people_school_added(),
	school_saved: () => m.people_school_saved(),
	organisation_added: () => m.people_organisation_added(),
	organisation_saved: () => m.people_organisation_saved(),
	invitation_created: () => m.flash_invitation_created(),
	invitation_revoked: () => m.people_invitation_revoked(),
	user_disabled: () => m.people_user_disabled_notice(),
	user_enabled: () => m.people_user_enabled_notice(),
	student_created: () => m.flash_student_created(),
	student_saved: () => m.people_student_saved(),
	student_password_reset: () => m.flash_student_password_reset(),
	student_disabled: () => m.people_student_disabled_notice(),
	student_enabled: () => m.people_student_enabled_notice(),
	class_list_imported: (p: { count: number }) => m.flash_class_list_imported(p)
} satisfies Record<string, (p: never) => string>;

export type FlashKey = keyof typeof messages;
type ParamsOf<K extends FlashKey> = Parameters<(typeof messages)[K]>;

export function isFlashKey(key: unknown): key is FlashKey {
	return typeof key === 'string' && Object.hasOwn(messages, key);
}

function tokenHash(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

function secure(url: URL) {
	return { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' } as const;
}

interface Event {
	cookies: Cookies;
	url: URL;
}

/**
 * Leaves a confirmation for the next page this browser loads; call it just before the action's
 * `redirect(303, …)`. A later one replaces an unread earlier one.
 */
export async function flash<K extends FlashKey>(
	event: Event,
	key: K,
	...params: ParamsOf<K>
): Promise<void> {
	if (!isFlashKey(key)) throw new Error(`unknown flash key: ${String(key)}`);
	const now = time.now();
	const token = randomBytes(TOKEN_BYTES).toString('base64url');
	const row = {
		tokenHash: tokenHash(token),
		key,
		params: JSON.stringify(cleanParams(params[0] ?? {})),
		createdAt: now,
		expiresAt: now + TTL_MS
	};
	const previous = event.cookies.get(COOKIE);
	await getDb()
		.transaction()
		.execute(async (trx) => {
			await trx.deleteFrom('flash').where('expiresAt', '<=', now).execute();
			if (previous)
				await trx.deleteFrom('flash').where('tokenHash', '=', tokenHash(previous)).execute();
			await trx.insertInto('flash').values(row).execute();
		});
	event.cookies.set(COOKIE, token, { ...secure(event.url), maxAge: TTL_MS / 1000 });
}

/** Only strings and finite numbers pass, strings cut to size: what Svelte then prints as text. */
function cleanParams(raw: unknown): Record<string, Param> | null {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
	const clean: Record<string, Param> = {};
	for (const [name, value] of Object.entries(raw)) {
		if (typeof value === 'number' && Number.isFinite(value)) clean[name] = value;
		else if (typeof value === 'string') clean[name] = value.slice(0, PARAM_MAX);
		else return null;
	}
	return clean;
}

/**
 * The confirmation left for this browser, rendered in the current language, once: the row and the
 * cookie are gone afterwards. Null when there is none, it expired, or anything about it is odd.
 */
export async function takeFlash(event: Event): Promise<string | null> {
	const token = event.cookies.get(COOKIE);
	if (token === undefined) return null;
	event.cookies.delete(COOKIE, secure(event.url));
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
	// One statement reads and deletes: of two readings at once, only one gets the row.
	const row = await getDb()
		.deleteFrom('flash')
		.where('tokenHash', '=', tokenHash(token))
		.returning(['key', 'params', 'expiresAt'])
		.executeTakeFirst();
	if (!row || row.expiresAt <= time.now() || !isFlashKey(row.key)) return null;
	try {
		const params = cleanParams(JSON.parse(row.params));
		if (!params) return null;
		return (messages[row.key] as (p: Record<string, Param>) => string)(params);
	} catch {
		return null;
	}
}
