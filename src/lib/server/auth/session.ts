import { sha256 } from '@oslojs/crypto/sha2';
import * as time from '../time';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { getDb } from '../db';
import type { Grade, Role } from '../db/schema';

// Sessions as Lucia's guide writes them: a token "<id>.<secret>"; only a hash of the secret is kept.
export const INACTIVITY_TIMEOUT_MS = 1000 * 60 * 60 * 24 * 7;
export const ABSOLUTE_LIFETIME_MS = 1000 * 60 * 60 * 24 * 30;
// Refresh last_verified_at at most this often, to spare a write on every request.
const ACTIVITY_CHECK_INTERVAL_MS = 1000 * 60 * 60;

export interface Session {
	id: string;
	userId: number;
	createdAt: number;
	lastVerifiedAt: number;
}

/** Who the signed-in person is, as every service sees them. */
export interface SessionUser {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	schoolId: number | null;
	organisationId: number | null;
	grade: Grade | null;
}

export interface SessionWithToken extends Session {
	token: string;
}

function randomString(bytes: number): string {
	const buffer = new Uint8Array(bytes);
	crypto.getRandomValues(buffer);
	return encodeBase32LowerCaseNoPadding(buffer);
}

function hashSecret(secret: string): Uint8Array {
	return sha256(new TextEncoder().encode(secret));
}

export async function createSession(userId: number): Promise<SessionWithToken> {
	const now = time.now();
	const id = randomString(15); // 120 bits: an identifier, not the secret
	const secret = randomString(20); // 160 bits
	await getDb()
		.insertInto('session')
		.values({ id, userId, secretHash: hashSecret(secret), createdAt: now, lastVerifiedAt: now })
		.execute();
	return { id, userId, createdAt: now, lastVerifiedAt: now, token: `${id}.${secret}` };
}

function isExpired(session: { createdAt: number; lastVerifiedAt: number }, now: number): boolean {
	return (
		now - session.lastVerifiedAt >= INACTIVITY_TIMEOUT_MS ||
		now - session.createdAt >= ABSOLUTE_LIFETIME_MS
	);
}

/** The session and user a token stands for, or null; expired sessions are deleted on sight. */
export async function validateSessionToken(
	token: string
): Promise<{ session: Session; user: SessionUser } | null> {
	const parts = token.split('.');
	if (parts.length !== 2 || parts[0].length > 64 || parts[1].length > 64) return null;
	const [id, secret] = parts;
	const db = getDb();
	const row = await db
		.selectFrom('session')
		.innerJoin('user', 'user.id', 'session.userId')
		.select([
			'session.id',
			'session.userId',
			'session.secretHash',
			'session.createdAt',
			'session.lastVerifiedAt',
			'user.username',
			'user.displayName',
			'user.role',
			'user.schoolId',
			'user.organisationId',
			'user.grade',
			'user.disabledAt'
		])
		.where('session.id', '=', id)
		.executeTakeFirst();
	if (!row) return null;
	if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
	const now = time.now();
	if (row.disabledAt !== null || isExpired(row, now)) {
		await invalidateSession(id);
		return null;
	}
	let lastVerifiedAt = row.lastVerifiedAt;
	if (now - lastVerifiedAt >= ACTIVITY_CHECK_INTERVAL_MS) {
		lastVerifiedAt = now;
		await db.updateTable('session').set({ lastVerifiedAt }).where('id', '=', id).execute();
	}
	return {
		session: { id, userId: row.userId, createdAt: row.createdAt, lastVerifiedAt },
		user: {
			id: row.userId,
			username: row.username,
			displayName: row.displayName,
			role: row.role,
			schoolId: row.schoolId,
			organisationId: row.organisationId,
			grade: row.grade
		}
	};
}

export async function invalidateSession(sessionId: string): Promise<void> {
	await getDb().deleteFrom('session').where('id', '=', sessionId).execute();
}

/** Ends every session of a user but the one given (a password change keeps the changer signed in). */
export async function invalidateUserSessions(userId: number, except?: string): Promise<void> {
	let query = getDb().deleteFrom('session').where('userId', '=', userId);
	if (except) query = query.where('id', '!=', except);
	await query.execute();
}

/** The cookie's expiry: whichever of the two limits comes first. */
export function sessionExpiresAt(session: Session): Date {
	return new Date(
		Math.min(
			session.lastVerifiedAt + INACTIVITY_TIMEOUT_MS,
			session.createdAt + ABSOLUTE_LIFETIME_MS
		)
	);
}
