import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Timestamps are UTC milliseconds since the epoch (integer, portable as bigint). */
export type Millis = number;

export const ROLES = ['coordinator', 'teacher', 'student', 'judge', 'sponsor'] as const;
export type Role = (typeof ROLES)[number];

export const SCHOOL_KINDS = ['primary', 'kindergarten', 'nine_year', 'teaching_point'] as const;
export type SchoolKind = (typeof SCHOOL_KINDS)[number];

/** Kindergarten classes (小班, 中班, 大班) then primary grades 1–6. */
export const GRADES = ['k1', 'k2', 'k3', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6'] as const;
export type Grade = (typeof GRADES)[number];

export interface CountyTable {
	id: Generated<number>;
	name: string;
	province: string;
	createdAt: Millis;
}

export interface SchoolTable {
	id: Generated<number>;
	countyId: number;
	name: string;
	kind: SchoolKind;
	village: string;
	address: string;
	contactName: string;
	contactPhone: string;
	createdAt: Millis;
}

export interface SchoolGradeTable {
	schoolId: number;
	grade: Grade;
	enrolment: number;
}

export interface OrganisationTable {
	id: Generated<number>;
	name: string;
	parentId: number | null;
	createdAt: Millis;
}

export interface UserTable {
	id: Generated<number>;
	username: string;
	displayName: string;
	role: Role;
	schoolId: number | null;
	organisationId: number | null;
	grade: Grade | null;
	email: string | null;
	passwordHash: string;
	disabledAt: Millis | null;
	createdAt: Millis;
	createdBy: number | null;
}

export interface SessionTable {
	id: string;
	userId: number;
	secretHash: Uint8Array;
	createdAt: Millis;
	lastVerifiedAt: Millis;
}

export interface InvitationTable {
	id: Generated<number>;
	tokenHash: string;
	role: Role;
	schoolId: number | null;
	organisationId: number | null;
	note: string;
	createdBy: number;
	createdAt: Millis;
	expiresAt: Millis;
	usedAt: Millis | null;
	usedBy: number | null;
	revokedAt: Millis | null;
}

export interface SignInThrottleTable {
	key: string;
	failures: number;
	lockedUntil: Millis;
	updatedAt: Millis;
}

export interface SignInFailureTable {
	id: Generated<number>;
	username: string;
	clientAddress: string;
	reason: string;
	at: Millis;
}

export interface AuditLogTable {
	id: Generated<number>;
	actorId: number | null;
	subject: string;
	subjectId: number;
	action: string;
	fromState: string | null;
	toState: string | null;
	reason: string | null;
	at: Millis;
}

export interface Database {
	county: CountyTable;
	school: SchoolTable;
	schoolGrade: SchoolGradeTable;
	organisation: OrganisationTable;
	user: UserTable;
	session: SessionTable;
	invitation: InvitationTable;
	signInThrottle: SignInThrottleTable;
	signInFailure: SignInFailureTable;
	auditLog: AuditLogTable;
}

export type County = Selectable<CountyTable>;
export type School = Selectable<SchoolTable>;
export type NewSchool = Insertable<SchoolTable>;
export type SchoolUpdate = Updateable<SchoolTable>;
export type Organisation = Selectable<OrganisationTable>;
export type User = Selectable<UserTable>;
export type NewUser = Insertable<UserTable>;
export type Invitation = Selectable<InvitationTable>;
export type AuditEntry = Selectable<AuditLogTable>;
