import { sql } from 'kysely';
import { z } from 'zod';
import { getDb } from '../db';
import { containsText } from '../db/dialect';
import { requireAccess, type Actor } from '../access';
import { authorize, authorizeOrHide } from '../access/authorize';
import { ROLES, type Role } from '../db/schema';
import { NotFound, RuleViolation } from '../errors';
import { record } from '../audit';
import { invalidateUserSessions } from '../auth/session';
import { verifyPassword } from '../auth/password';
import { m } from '$lib/paraglide/messages.js';
import { LIMITS, paged, PAGE_SIZE } from '../input';
import { setPassword } from './accounts';
import * as time from '../time';

export const UserFilter = z.object({
	role: z.enum(ROLES).optional().catch(undefined),
	q: z.string().max(LIMITS.search).optional().catch(undefined)
});
export type UserFilter = z.output<typeof UserFilter>;

/** Accounts a page at a time, newest first, optionally one role or matching a name. */
export async function list(actor: Actor, filter: UserFilter = {}, page = 1) {
	authorize(actor, 'user.list');
	let query = getDb()
		.selectFrom('user')
		.leftJoin('school', 'school.id', 'user.schoolId')
		.leftJoin('organisation', 'organisation.id', 'user.organisationId');
	if (filter.role) query = query.where('user.role', '=', filter.role);
	const q = filter.q?.trim();
	if (q) {
		const needle = q.toLowerCase();
		query = query.where(
			sql<boolean>`(${containsText(sql`lower(${sql.ref('user.username')})`, needle)} or ${containsText(sql`lower(${sql.ref('user.displayName')})`, needle)})`
		);
	}
	const total = await query
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const items = await query
		.select([
			'user.id',
			'user.username',
			'user.displayName',
			'user.role',
			'user.disabledAt',
			'user.createdAt',
			'school.name as schoolName',
			'organisation.name as organisationName'
		])
		.orderBy('user.id', 'desc')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return paged(items, Number(total.n), page);
}

export async function get(actor: Actor, id: number) {
	authorizeOrHide(actor, 'user.list');
	const user = await getDb()
		.selectFrom('user')
		.leftJoin('school', 'school.id', 'user.schoolId')
		.leftJoin('organisation', 'organisation.id', 'user.organisationId')
		.select([
			'user.id',
			'user.username',
			'user.displayName',
			'user.role',
			'user.grade',
			'user.disabledAt',
			'user.createdAt',
			'school.name as schoolName',
			'organisation.name as organisationName'
		])
		.where('user.id', '=', id)
		.executeTakeFirst();
	if (!user) throw new NotFound();
	return { ...user, canDisable: id !== actor.id };
}

/**
 * Disables or re-enables an account. Disabling ends all of its sessions at once. Nobody disables
 * themselves (the policy refuses it). Settled by a conditional UPDATE: disabling twice is a no-op.
 */
export async function setDisabled(actor: Actor, id: number, disabled: boolean): Promise<void> {
	authorizeOrHide(actor, 'user.list');
	await requireAccess(actor, 'user.disable', id);
	const changed = await getDb()
		.transaction()
		.execute(async (trx) => {
			const exists = await trx
				.selectFrom('user')
				.select('id')
				.where('id', '=', id)
				.executeTakeFirst();
			if (!exists) throw new NotFound();
			const result = await trx
				.updateTable('user')
				.set({ disabledAt: disabled ? time.now() : null })
				.where('id', '=', id)
				.where('disabledAt', disabled ? 'is' : 'is not', null)
				.executeTakeFirst();
			if (Number(result.numUpdatedRows) === 0) return false;
			await record(trx, {
				actorId: actor.id,
				subject: 'user',
				subjectId: id,
				action: disabled ? 'disable' : 'enable',
				from: disabled ? 'active' : 'disabled',
				to: disabled ? 'disabled' : 'active'
			});
			return true;
		});
	if (changed && disabled) await invalidateUserSessions(id);
}

export const PasswordChange = z.object({
	currentPassword: z.string().min(1).max(LIMITS.password),
	newPassword: z.string().min(1).max(LIMITS.password),
	confirmPassword: z.string().min(1).max(LIMITS.password)
});
export type PasswordChange = z.output<typeof PasswordChange>;

/**
 * A signed-in person changes their own password: the current one must match; every other
 * session of theirs ends, the one they are using (`sessionId`) stays.
 */
export async function changePassword(
	actor: Actor,
	sessionId: string | undefined,
	input: PasswordChange
): Promise<void> {
	await requireAccess(actor, 'account.changePassword', actor.id);
	const user = await getDb()
		.selectFrom('user')
		.select(['passwordHash', 'disabledAt'])
		.where('id', '=', actor.id)
		.executeTakeFirst();
	if (!user || user.disabledAt !== null) throw new NotFound();
	if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
		throw new RuleViolation(m.password_wrong_current(), 'currentPassword');
	}
	if (input.newPassword !== input.confirmPassword) {
		throw new RuleViolation(m.password_mismatch(), 'confirmPassword');
	}
	if (input.newPassword === input.currentPassword) {
		throw new RuleViolation(m.people_password_unchanged(), 'newPassword');
	}
	await setPassword(actor.id, input.newPassword, sessionId);
}

export function isRole(value: string | null): value is Role {
	return value !== null && (ROLES as readonly string[]).includes(value);
}
