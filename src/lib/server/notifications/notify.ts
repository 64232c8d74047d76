import type { Transaction } from 'kysely';
import type { Database } from '../db/schema';
import * as time from '../time';

export interface NotificationInput {
	/** A message key suffix: the UI shows m[`notification_${kind}`](params). */
	kind: string;
	subject: string;
	subjectId: number;
	params?: Record<string, string | number>;
}

/** Queues an in-portal notification for each user, inside the transaction of the change it reports. */
export async function notify(
	trx: Transaction<Database>,
	userIds: readonly number[],
	input: NotificationInput
): Promise<void> {
	const unique = [...new Set(userIds)];
	if (unique.length === 0) return;
	const now = time.now();
	await trx
		.insertInto('notification')
		.values(
			unique.map((userId) => ({
				userId,
				kind: input.kind,
				subject: input.subject,
				subjectId: input.subjectId,
				params: JSON.stringify(input.params ?? {}),
				readAt: null,
				createdAt: now
			}))
		)
		.execute();
}

/** Everyone of a role (optionally of one school or organisation) who can still sign in. */
export async function recipients(
	trx: Transaction<Database>,
	filter: { role: Database['user']['role']; schoolId?: number; organisationIds?: number[] }
): Promise<number[]> {
	let query = trx
		.selectFrom('user')
		.select('id')
		.where('role', '=', filter.role)
		.where('disabledAt', 'is', null);
	if (filter.schoolId !== undefined) query = query.where('schoolId', '=', filter.schoolId);
	if (filter.organisationIds !== undefined) {
		if (filter.organisationIds.length === 0) return [];
		query = query.where('organisationId', 'in', filter.organisationIds);
	}
	return (await query.execute()).map((r) => r.id);
}
