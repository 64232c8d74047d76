import { sha256 } from '@oslojs/crypto/sha2';
import { isForeignKeyViolation, isUniqueViolation } from '../db/violations';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { z } from 'zod';
import { getDb } from '../db';
import { authorize, authorizeOrHide } from '../access/authorize';
import type { Actor } from '../access/policy';
import type { Role } from '../db/schema';
import { Conflict, NotFound, RuleViolation } from '../errors';
import { record } from '../audit';
import { hashPassword } from '../auth/password';
import { normaliseUsername } from '../auth/sign-in';
import { m } from '$lib/paraglide/messages.js';
import { passwordProblemMessage, USERNAME_PATTERN } from './accounts';
import { LIMITS, optionalId, paged, PAGE_SIZE, wholeNumber } from '../input';
import { name, text } from './input';
import * as time from '../time';

export const INVITABLE_ROLES = ['teacher', 'judge', 'sponsor', 'coordinator'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];
export const DEFAULT_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

export const InvitationInput = z.object({
	role: z.enum(INVITABLE_ROLES),
	schoolId: optionalId,
	organisationId: optionalId,
	note: text(LIMITS.invitationNote),
	days: z.union([z.literal('').transform(() => DEFAULT_DAYS), wholeNumber(1, 30)])
});
export type InvitationInput = z.output<typeof InvitationInput>;

export const Acceptance = z.object({
	username: z.string().min(1).max(LIMITS.username),
	displayName: name(LIMITS.personName),
	password: z.string().min(1).max(LIMITS.password),
	confirmPassword: z.string().min(1).max(LIMITS.password)
});
export type Acceptance = z.output<typeof Acceptance>;

export type InvitationState = 'open' | 'used' | 'expired' | 'revoked';

export function stateOf(
	row: { usedAt: number | null; revokedAt: number | null; expiresAt: number },
	now = time.now()
): InvitationState {
	if (row.usedAt !== null) return 'used';
	if (row.revokedAt !== null) return 'revoked';
	if (row.expiresAt <= now) return 'expired';
	return 'open';
}

/** 160 random bits, as 32 base32 characters; only its SHA-256 is stored. */
function newToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

/**
 * Creates an invitation fixing role and school or organisation. Returns the token: the only time
 * it exists in the clear, so the caller shows the link once.
 */
export async function create(
	actor: Actor,
	input: InvitationInput
): Promise<{ id: number; token: string }> {
	authorize(actor, 'invitation.manage');
	const schoolId = input.role === 'teacher' ? input.schoolId : null;
	const organisationId = input.role === 'sponsor' ? input.organisationId : null;
	if (input.role === 'teacher' && schoolId === null)
		throw new RuleViolation(m.people_invitation_school_needed(), 'schoolId');
	if (input.role === 'sponsor' && organisationId === null)
		throw new RuleViolation(m.people_invitation_organisation_needed(), 'organisationId');
	const token = newToken();
	const now = time.now();
	try {
		const id = await getDb()
			.transaction()
			.execute(async (trx) => {
				const row = await trx
					.insertInto('invitation')
					.values({
						tokenHash: hashToken(token),
						role: input.role,
						schoolId,
						organisationId,
						note: input.note,
						createdBy: actor.id,
						createdAt: now,
						expiresAt: now + input.days * DAY_MS,
						usedAt: null,
						usedBy: null,
						revokedAt: null
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				await record(trx, {
					actorId: actor.id,
					subject: 'invitation',
					subjectId: row.id,
					action: 'create',
					to: 'open'
				});
				return row.id;
			});
		return { id, token };
	} catch (e) {
		if (isForeignKeyViolation(e)) {
			throw new RuleViolation(
				m.error_choose_one(),
				schoolId !== null ? 'schoolId' : 'organisationId'
			);
		}
		throw e;
	}
}

const listed = [
	'invitation.id',
	'invitation.role',
	'invitation.note',
	'invitation.createdAt',
	'invitation.expiresAt',
	'invitation.usedAt',
	'invitation.revokedAt',
	'school.name as schoolName',
	'organisation.name as organisationName',
	'usedBy.username as usedByUsername'
] as const;

function invitationQuery() {
	return getDb()
		.selectFrom('invitation')
		.leftJoin('school', 'school.id', 'invitation.schoolId')
		.leftJoin('organisation', 'organisation.id', 'invitation.organisationId')
		.leftJoin('user as usedBy', 'usedBy.id', 'invitation.usedBy');
}

/** Invitations a page at a time, newest first, each with its state. */
export async function list(actor: Actor, page = 1) {
	authorize(actor, 'invitation.manage');
	const total = await getDb()
		.selectFrom('invitation')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const now = time.now();
	const rows = await invitationQuery()
		.select(listed)
		.orderBy('invitation.id', 'desc')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return paged(
		rows.map((row) => ({ ...row, state: stateOf(row, now) })),
		Number(total.n),
		page
	);
}

export async function get(actor: Actor, id: number) {
	authorizeOrHide(actor, 'invitation.manage');
	const row = await invitationQuery()
		.select(listed)
		.where('invitation.id', '=', id)
		.executeTakeFirst();
	if (!row) throw new NotFound();
	return { ...row, state: stateOf(row) };
}

/** Revokes an open invitation; a used, expired or already revoked one is refused. */
export async function revoke(actor: Actor, id: number): Promise<void> {
	authorizeOrHide(actor, 'invitation.manage');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const now = time.now();
			const result = await trx
				.updateTable('invitation')
				.set({ revokedAt: now })
				.where('id', '=', id)
				.where('usedAt', 'is', null)
				.where('revokedAt', 'is', null)
				.where('expiresAt', '>', now)
				.executeTakeFirst();
			if (Number(result.numUpdatedRows) === 0) {
				const exists = await trx
					.selectFrom('invitation')
					.select('id')
					.where('id', '=', id)
					.executeTakeFirst();
				if (!exists) throw new NotFound();
				throw new Conflict(m.people_invitation_not_open());
			}
			await record(trx, {
				actorId: actor.id,
				subject: 'invitation',
				subjectId: id,
				action: 'revoke',
				from: 'open',
				to: 'revoked'
			});
		});
}

export interface InvitationView {
	state: InvitationState | 'unknown';
	role?: InvitableRole;
	schoolName?: string | null;
	organisationName?: string | null;
	expiresAt?: number;
}

const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

/** What the public invite page shows for a token: its role and place, or why it can't be used. */
export async function lookup(token: string): Promise<InvitationView> {
	if (!TOKEN_PATTERN.test(token)) return { state: 'unknown' };
	const row = await invitationQuery()
		.select([
			'invitation.role',
			'invitation.expiresAt',
			'invitation.usedAt',
			'invitation.revokedAt',
			'school.name as schoolName',
			'organisation.name as organisationName'
		])
		.where('invitation.tokenHash', '=', hashToken(token))
		.executeTakeFirst();
	if (!row) return { state: 'unknown' };
	return {
		state: stateOf(row),
		role: row.role as InvitableRole,
		schoolName: row.schoolName,
		organisationName: row.organisationName,
		expiresAt: row.expiresAt
	};
}

/**
 * Accepts an invitation: creates the account it describes. Single use is settled by the
 * database — a conditional UPDATE claims the invitation in the same transaction that inserts the
 * account, so of two acceptances at once exactly one creates an account. The password is hashed
 * before the transaction opens.
 */
export async function accept(token: string, input: Acceptance): Promise<number> {
	if (!TOKEN_PATTERN.test(token)) throw new NotFound();
	const username = normaliseUsername(input.username);
	if (!USERNAME_PATTERN.test(username))
		throw new RuleViolation(m.error_username_format(), 'username');
	const problem = passwordProblemMessage(input.password, username);
	if (problem) throw new RuleViolation(problem, 'password');
	if (input.password !== input.confirmPassword)
		throw new RuleViolation(m.password_mismatch(), 'confirmPassword');
	const passwordHash = await hashPassword(input.password);
	const tokenHash = hashToken(token);
	try {
		return await getDb()
			.transaction()
			.execute(async (trx) => {
				const now = time.now();
				const claimed = await trx
					.updateTable('invitation')
					.set({ usedAt: now })
					.where('tokenHash', '=', tokenHash)
					.where('usedAt', 'is', null)
					.where('revokedAt', 'is', null)
					.where('expiresAt', '>', now)
					.returning(['id', 'role', 'schoolId', 'organisationId', 'createdBy'])
					.executeTakeFirst();
				if (!claimed) throw new Conflict(m.people_invite_not_open());
				const user = await trx
					.insertInto('user')
					.values({
						username,
						displayName: input.displayName,
						role: claimed.role as Role,
						schoolId: claimed.schoolId,
						organisationId: claimed.organisationId,
						grade: null,
						email: null,
						passwordHash,
						disabledAt: null,
						createdAt: now,
						createdBy: claimed.createdBy
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				await trx
					.updateTable('invitation')
					.set({ usedBy: user.id })
					.where('id', '=', claimed.id)
					.execute();
				await record(trx, {
					actorId: user.id,
					subject: 'invitation',
					subjectId: claimed.id,
					action: 'accept',
					from: 'open',
					to: 'used'
				});
				return user.id;
			});
	} catch (e) {
		if (isUniqueViolation(e, 'user', 'username')) {
			throw new Conflict(m.error_username_taken(), 'username');
		}
		throw e;
	}
}
