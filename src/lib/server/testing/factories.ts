import type { Actor } from '../access/policy';
import { getDb } from '../db';
import type { Grade, Role, SchoolKind } from '../db/schema';
import { hashPassword } from '../auth/password';
import * as time from '../time';

export const TEST_PASSWORD = 'test-password-123';
let passwordHash: Promise<string> | undefined;
let sequence = 0;
const next = () => ++sequence;

export async function makeCounty(name = `County ${next()}`) {
	return getDb()
		.insertInto('county')
		.values({ name, province: 'Hebei', createdAt: time.now() })
		.returning(['id', 'name'])
		.executeTakeFirstOrThrow();
}

export async function makeSchool(
	input: { name?: string; kind?: SchoolKind; countyId?: number; village?: string } = {}
) {
	const countyId = input.countyId ?? (await makeCounty()).id;
	return getDb()
		.insertInto('school')
		.values({
			countyId,
			name: input.name ?? `School ${next()}`,
			kind: input.kind ?? 'primary',
			village: input.village ?? 'Village',
			address: '',
			contactName: '',
			contactPhone: '',
			createdAt: time.now()
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

export async function makeOrganisation(input: { name?: string; parentId?: number | null } = {}) {
	return getDb()
		.insertInto('organisation')
		.values({
			name: input.name ?? `Sponsor ${next()}`,
			parentId: input.parentId ?? null,
			createdAt: time.now()
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

/**
 * A user of the given role, affiliated as the role needs (a new school or organisation unless
 * given). Returns the row with `actor`, ready to pass to services. Password: TEST_PASSWORD.
 */
export async function makeUser(
	role: Role,
	input: {
		schoolId?: number;
		organisationId?: number;
		username?: string;
		displayName?: string;
		grade?: Grade;
	} = {}
) {
	passwordHash ??= hashPassword(TEST_PASSWORD);
	const n = next();
	const schoolId =
		role === 'teacher' || role === 'student' ? (input.schoolId ?? (await makeSchool()).id) : null;
	const organisationId =
		role === 'sponsor' ? (input.organisationId ?? (await makeOrganisation()).id) : null;
	const user = await getDb()
		.insertInto('user')
		.values({
			username: input.username ?? `${role}${n}`,
			displayName: input.displayName ?? `${role} ${n}`,
			role,
			schoolId,
			organisationId,
			grade: role === 'student' ? (input.grade ?? 'g4') : null,
			email: null,
			passwordHash: await passwordHash,
			disabledAt: null,
			createdAt: time.now(),
			createdBy: null
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	const actor: Actor = {
		id: user.id,
		role: user.role,
		schoolId: user.schoolId,
		organisationId: user.organisationId
	};
	return { ...user, actor };
}
