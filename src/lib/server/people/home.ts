import { getDb } from '../db';
import type { Actor } from '../access/policy';
import * as time from '../time';

export type HomeSummary =
	| {
			role: 'coordinator';
			schools: number;
			organisations: number;
			users: number;
			invitations: number;
	  }
	| { role: 'teacher'; school: string; students: number }
	| { role: 'student'; school: string }
	| { role: 'judge' }
	| { role: 'sponsor'; organisation: string };

/** What each role's home page shows first. */
export async function summary(actor: Actor): Promise<HomeSummary> {
	const db = getDb();
	const count = (n: { n: number | string | bigint } | undefined) => Number(n?.n ?? 0);
	switch (actor.role) {
		case 'coordinator': {
			const now = time.now();
			const [schools, organisations, users, invitations] = await Promise.all([
				db
					.selectFrom('school')
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirst(),
				db
					.selectFrom('organisation')
					.select((eb) => eb.fn.countAll().as('n'))
					.executeTakeFirst(),
				db
					.selectFrom('user')
					.select((eb) => eb.fn.countAll().as('n'))
					.where('disabledAt', 'is', null)
					.executeTakeFirst(),
				db
					.selectFrom('invitation')
					.select((eb) => eb.fn.countAll().as('n'))
					.where('usedAt', 'is', null)
					.where('revokedAt', 'is', null)
					.where('expiresAt', '>', now)
					.executeTakeFirst()
			]);
			return {
				role: 'coordinator',
				schools: count(schools),
				organisations: count(organisations),
				users: count(users),
				invitations: count(invitations)
			};
		}
		case 'teacher': {
			const school = await schoolName(actor.schoolId);
			const students = await db
				.selectFrom('user')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('schoolId', '=', actor.schoolId)
				.where('role', '=', 'student')
				.where('disabledAt', 'is', null)
				.executeTakeFirst();
			return { role: 'teacher', school, students: count(students) };
		}
		case 'student':
			return { role: 'student', school: await schoolName(actor.schoolId) };
		case 'judge':
			return { role: 'judge' };
		case 'sponsor': {
			const organisation = await db
				.selectFrom('organisation')
				.select('name')
				.where('id', '=', actor.organisationId)
				.executeTakeFirst();
			return { role: 'sponsor', organisation: organisation?.name ?? '' };
		}
	}
}

async function schoolName(schoolId: number | null): Promise<string> {
	if (schoolId === null) return '';
	const school = await getDb()
		.selectFrom('school')
		.select('name')
		.where('id', '=', schoolId)
		.executeTakeFirst();
	return school?.name ?? '';
}
