import { getDb } from '../db';
import { isUniqueViolation } from '../db/violations';
import type { Grade, Role } from '../db/schema';
import { Conflict, RuleViolation } from '../errors';
import { checkPassword, hashPassword } from '../auth/password';
import { normaliseUsername } from '../auth/sign-in';
import { invalidateUserSessions } from '../auth/session';
import { m } from '$lib/paraglide/messages.js';
import * as time from '../time';

export interface NewAccount {
	username: string;
	displayName: string;
	password: string;
	role: Role;
	schoolId?: number | null;
	organisationId?: number | null;
	grade?: Grade | null;
	email?: string | null;
	createdBy?: number | null;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,31}$/;

/** The message for a password the rules refuse, or null when it is acceptable. */
export function passwordProblemMessage(password: string, username = ''): string | null {
	switch (checkPassword(password, username)) {
		case 'too_short':
			return m.password_too_short();
		case 'too_long':
			return m.password_too_long();
		case 'common':
			return m.password_common();
		case 'same_as_username':
			return m.password_same_as_username();
		default:
			return null;
	}
}

/**
 * Creates an account. The password is hashed before any transaction opens (hashing is slow, and
 * SQLite has one writer); a taken username is settled by the unique index, not by a prior read.
 */
export async function createAccount(input: NewAccount): Promise<number> {
	const username = normaliseUsername(input.username);
	if (!USERNAME_PATTERN.test(username))
		throw new RuleViolation(m.error_username_format(), 'username');
	const problem = passwordProblemMessage(input.password, username);
	if (problem) throw new RuleViolation(problem, 'password');
	const passwordHash = await hashPassword(input.password);
	try {
		const row = await getDb()
			.insertInto('user')
			.values({
				username,
				displayName: input.displayName,
				role: input.role,
				schoolId: input.schoolId ?? null,
				organisationId: input.organisationId ?? null,
				grade: input.grade ?? null,
				email: input.email ?? null,
				passwordHash,
				disabledAt: null,
				createdAt: time.now(),
				createdBy: input.createdBy ?? null
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	} catch (e) {
		if (isUniqueViolation(e, 'user', 'username')) {
			throw new Conflict(m.error_username_taken(), 'username');
		}
		throw e;
	}
}

/** Sets a new password and ends every other session of the user at once. */
export async function setPassword(
	userId: number,
	password: string,
	keepSession?: string
): Promise<void> {
	const user = await getDb()
		.selectFrom('user')
		.select('username')
		.where('id', '=', userId)
		.executeTakeFirstOrThrow();
	const problem = passwordProblemMessage(password, user.username);
	if (problem) throw new RuleViolation(problem, 'newPassword');
	const passwordHash = await hashPassword(password);
	await getDb().updateTable('user').set({ passwordHash }).where('id', '=', userId).execute();
	await invalidateUserSessions(userId, keepSession);
}
