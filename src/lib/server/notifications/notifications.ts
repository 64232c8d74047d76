import { getLocale } from '$lib/paraglide/runtime.js';
import { m } from '$lib/paraglide/messages.js';
import { requireRole, scopes, type Actor } from '../access';
import { getDb } from '../db';
import { NotFound } from '../errors';
import * as time from '../time';

export const PAGE_SIZE = 20;

export interface NotificationView {
	id: number;
	kind: string;
	/** The sentence shown, in the request's locale. */
	text: string;
	/** Where the notification leads, or null when its subject has no page. */
	href: string | null;
	read: boolean;
	createdAt: number;
}

export interface NotificationPage {
	items: NotificationView[];
	page: number;
	pages: number;
	total: number;
	unread: number;
}

/** The page a notification's subject lives on. */
export function linkFor(subject: string, subjectId: number): string | null {
	if (!Number.isSafeInteger(subjectId) || subjectId < 1) return null;
	switch (subject) {
		case 'request':
			return `/requests/${subjectId}`;
		case 'shipment':
			return `/shipments/${subjectId}`;
		case 'pledge':
			return '/pledges';
		case 'thanks':
			return `/thanks/${subjectId}`;
		default:
			return null;
	}
}

type Message = (params: Record<string, unknown>) => string;

/**
 * The sentence for a notification: `m.notification_<kind>(params)`. A kind without a message, or
 * params it can't be rendered with, falls back to a neutral sentence rather than a broken page.
 */
export function render(kind: string, params: string | Record<string, unknown>): string {
	const message = (m as unknown as Record<string, unknown>)[`notification_${kind}`];
	if (!/^[a-z][a-z0-9_]{0,63}$/.test(kind) || typeof message !== 'function') {
		return m.notif_fallback();
	}
	let values: Record<string, unknown> = {};
	if (typeof params === 'string') {
		try {
			const parsed: unknown = JSON.parse(params);
			if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
				values = parsed as Record<string, unknown>;
			}
		} catch {
			values = {};
		}
	} else {
		values = params;
	}
	// Names stored in both languages (`itemZh`, `itemEn`) read in the reader's: `item`.
	for (const key of Object.keys(values)) {
		const base = key.endsWith('Zh') ? key.slice(0, -2) : null;
		if (base && typeof values[`${base}En`] === 'string' && !(base in values))
			values = { ...values, [base]: getLocale() === 'en' ? values[`${base}En`] : values[key] };
	}
	try {
		const text = (message as Message)(values);
		// A parameter the message needs but the notification lacks renders as "undefined".
		return typeof text === 'string' && !text.includes('undefined') ? text : m.notif_fallback();
	} catch {
		return m.notif_fallback();
	}
}

/** How many of the actor's notifications are unread (served by notification_user_idx). */
export async function unreadCount(actor: Actor): Promise<number> {
	requireRole(actor, 'notification.list');
	const row = await getDb()
		.selectFrom('notification')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where(scopes.notification(actor))
		.where('readAt', 'is', null)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** The actor's own notifications, newest first, a page at a time. */
export async function list(actor: Actor, page = 1): Promise<NotificationPage> {
	requireRole(actor, 'notification.list');
	const db = getDb();
	const totals = await db
		.selectFrom('notification')
		.select((eb) => [
			eb.fn.countAll<number>().as('total'),
			eb.fn.sum<number>(eb.case().when('readAt', 'is', null).then(1).else(0).end()).as('unread')
		])
		.where(scopes.notification(actor))
		.executeTakeFirst();
	const total = Number(totals?.total ?? 0);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const current = Math.min(Math.max(1, Math.trunc(page) || 1), pages);
	const rows = await db
		.selectFrom('notification')
		.select(['id', 'kind', 'subject', 'subjectId', 'params', 'readAt', 'createdAt'])
		.where(scopes.notification(actor))
		.orderBy('createdAt', 'desc')
		.orderBy('id', 'desc')
		.limit(PAGE_SIZE)
		.offset((current - 1) * PAGE_SIZE)
		.execute();
	return {
		items: rows.map((row) => ({
			id: row.id,
			kind: row.kind,
			text: render(row.kind, row.params),
			href: linkFor(row.subject, row.subjectId),
			read: row.readAt !== null,
			createdAt: row.createdAt
		})),
		page: current,
		pages,
		total,
		unread: Number(totals?.unread ?? 0)
	};
}

/**
 * Marks one of the actor's own notifications read and returns where it leads. Someone else's id
 * looks exactly like one that doesn't exist. Marking it twice is harmless.
 */
export async function markRead(actor: Actor, id: number): Promise<{ href: string | null }> {
	requireRole(actor, 'notification.list');
	const row = await getDb()
		.updateTable('notification')
		.set((eb) => ({ readAt: eb.fn.coalesce('readAt', eb.val(time.now())) }))
		.where('id', '=', id)
		.where(scopes.notification(actor))
		.returning(['subject', 'subjectId'])
		.executeTakeFirst();
	if (!row) throw new NotFound();
	return { href: linkFor(row.subject, row.subjectId) };
}

/** Marks every unread notification of the actor read; returns how many changed. */
export async function markAllRead(actor: Actor): Promise<number> {
	requireRole(actor, 'notification.list');
	const result = await getDb()
		.updateTable('notification')
		.set({ readAt: time.now() })
		.where(scopes.notification(actor))
		.where('readAt', 'is', null)
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}
