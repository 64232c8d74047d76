import type { Transaction } from 'kysely';
import type { Database } from './db/schema';
import { getDb } from './db';
import * as time from './time';

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
	return getDb()
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
}
