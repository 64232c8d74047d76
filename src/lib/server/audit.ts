import type { Transaction } from 'kysely';
import type { Database } from './db/schema';
import { getDb } from './db';
import * as time from './time';
import { getLocale, locales, type Locale } from '$lib/paraglide/runtime.js';

export interface AuditInput {
	actorId: number | null;
	subject: string;
	subjectId: number;
	action: string;
	from?: string | null;
	to?: string | null;
	reason?: string | null;
}

/** Records a state change: who, when, from → to, why. Call it inside the change's transaction. */
export async function record(trx: Transaction<Database>, input: AuditInput): Promise<void> {
	await trx
		.insertInto('auditLog')
		.values({
			actorId: input.actorId,
			subject: input.subject,
			subjectId: input.subjectId,
			action: input.action,
			fromState: input.from ?? null,
			toState: input.to ?? null,
			reason: input.reason ?? null,
			at: time.now()
		})
		.execute();
}

/**
 * A reason that names things which have a name per language (a catalog item), written once per
 * locale and stored as one JSON object, so each reader's timeline reads in their own language.
 */
export function perLocale(write: (locale: Locale) => string): string {
	return JSON.stringify(Object.fromEntries(locales.map((l) => [l, write(l)])));
}

/** A stored reason for the reader: a `perLocale` one in their language, any other as written. */
export function readReason(reason: string | null, locale: Locale = getLocale()): string | null {
	if (!reason || !reason.startsWith('{')) return reason;
	try {
		const parsed: unknown = JSON.parse(reason);
		if (
			parsed &&
			typeof parsed === 'object' &&
			locales.every((l) => typeof (parsed as Record<string, unknown>)[l] === 'string')
		)
			return (parsed as Record<Locale, string>)[locale];
	} catch {
		// Someone's own words that happen to start with a brace.
	}
	return reason;
}

export type HistoryEntry = Awaited<ReturnType<typeof history>>[number];
/** A history as told to someone outside the program's staff: what happened and when, not who or why. */
export type OutsideHistoryEntry = Omit<HistoryEntry, 'actorName' | 'reason'>;

export function withoutPeople(entries: readonly HistoryEntry[]): OutsideHistoryEntry[] {
	return entries.map(({ id, action, fromState, toState, at }) => ({
		id,
		action,
		fromState,
		toState,
		at
	}));
}

/** A thing's history, oldest first, with the actor's display name. */
export async function history(subject: string, subjectId: number) {
	const rows = await getDb()
		.selectFrom('auditLog')
		.leftJoin('user', 'user.id', 'auditLog.actorId')
		.select([
			'auditLog.id',
			'auditLog.action',
			'auditLog.fromState',
			'auditLog.toState',
			'auditLog.reason',
			'auditLog.at',
			'user.displayName as actorName'
		])
		.where('auditLog.subject', '=', subject)
		.where('auditLog.subjectId', '=', subjectId)
		.orderBy('auditLog.at')
		.orderBy('auditLog.id')
		.execute();
	return rows.map((row) => ({ ...row, reason: readReason(row.reason) }));
}
