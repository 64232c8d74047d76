import type { Actor } from '../access/policy';
import { getDb } from '../db';
import type { Grade, SchoolKind } from '../db/schema';
import { createAccount } from '../people/accounts';
import { seedThanks } from './thanks';
import { seedRequests } from './requests';
import { seedSupply } from './supply';
import { seedShipments } from './shipments';
import { seedPeopleDemo } from '../people/demo';
import * as time from '../time';

export const DEMO_PASSWORD = 'demo-password';

/** What the rest of the demo seed builds on. */
export interface DemoWorld {
	countyId: number;
	schools: Record<'hope' | 'quannaozi' | 'sunflower' | 'riverside' | 'pine', number>;
	organisations: Record<'genertec' | 'technology' | 'trade' | 'consulting', number>;
	users: Record<
		'coordinator' | 'teacher' | 'teacher2' | 'student' | 'judge' | 'judge2' | 'sponsor',
		number
	>;
}

/** The demo's people as the services know them: who acts in the seeds, the tests and the benchmark. */
export function demoActors(
	world: DemoWorld
): Record<'coordinator' | 'teacher' | 'teacher2' | 'sponsor', Actor> {
	return {
		coordinator: {
			id: world.users.coordinator,
			role: 'coordinator',
			schoolId: null,
			organisationId: null
		},
		teacher: {
			id: world.users.teacher,
			role: 'teacher',
			schoolId: world.schools.hope,
			organisationId: null
		},
		teacher2: {
			id: world.users.teacher2,
			role: 'teacher',
			schoolId: world.schools.quannaozi,
			organisationId: null
		},
		sponsor: {
			id: world.users.sponsor,
			role: 'sponsor',
			schoolId: null,
			organisationId: world.organisations.genertec
		}
	};
}

/** True when the database has no accounts yet: the only time the demo seed may run. */
export async function isEmpty(): Promise<boolean> {
	const row = await getDb().selectFrom('user').select('id').limit(1).executeTakeFirst();
	return !row;
}

/**
 * Fills an empty database with the demo program of DESIGN.md's contract. Runs only for
 * `npm run demo` (SAPLING_DEMO=1) on a database without accounts: demo accounts never exist
 * anywhere else.
 */
export async function seedDemo(): Promise<DemoWorld> {
	const db = getDb();
	const now = time.now();

	// Hash passwords first: argon2 is slow and must not run inside the transaction.
	const world = await db.transaction().execute(async (trx) => {
		const county = await trx
			.insertInto('county')
			.values({ name: '康保县', province: '河北省', createdAt: now })
			.returning('id')
			.executeTakeFirstOrThrow();

		const school = async (
			name: string,
			kind: SchoolKind,
			village: string,
			contactName: string,
			enrolment: Partial<Record<Grade, number>>
		) => {
			const row = await trx
				.insertInto('school')
				.values({
					countyId: county.id,
					name,
					kind,
					village,
					address: `${village}`,
					contactName,
					contactPhone: '0313-5520000',
					createdAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			for (const [grade, count] of Object.entries(enrolment)) {
				await trx
					.insertInto('schoolGrade')
					.values({ schoolId: row.id, grade: grade as Grade, enrolment: count })
					.execute();
			}
			return row.id;
		};

		const primary = { g1: 32, g2: 28, g3: 30, g4: 27, g5: 25, g6: 29 };
		const schools = {
			hope: await school('希望小学', 'primary', '张纪镇', '李老师', primary),
			quannaozi: await school('泉脑子村小学', 'primary', '泉脑子村', '王老师', {
				g1: 9,
				g2: 11,
				g3: 8,
				g4: 10,
				g5: 7,
				g6: 12
			}),
			sunflower: await school('向日葵幼儿园', 'kindergarten', '泉脑子村', '赵老师', {
				k1: 18,
				k2: 21,
				k3: 19
			}),
			riverside: await school('河畔九年一贯制学校', 'nine_year', '屯垦镇', '刘老师', primary),
			pine: await school('松树沟教学点', 'teaching_point', '松树沟村', '陈老师', { g1: 4, g2: 3 })
		};

		const organisation = async (name: string, parentId: number | null) =>
			(
				await trx
					.insertInto('organisation')
					.values({ name, parentId, createdAt: now })
					.returning('id')
					.executeTakeFirstOrThrow()
			).id;
		const genertec = await organisation('Genertec 通用技术集团', null);
		const organisations = {
			genertec,
			technology: await organisation('Genertec Technology 通用技术科技', genertec),
			trade: await organisation('Genertec Trade 通用技术贸易', genertec),
			consulting: await organisation('Genertec Consulting 通用咨询', genertec)
		};
		return { countyId: county.id, schools, organisations };
	});

	const account = (
		username: string,
		displayName: string,
		role: Parameters<typeof createAccount>[0]['role'],
		extra: { schoolId?: number; organisationId?: number; grade?: Grade } = {}
	) => createAccount({ username, displayName, password: DEMO_PASSWORD, role, ...extra });

	const coordinator = await account('coordinator', '周协调', 'coordinator');
	const users = {
		coordinator,
		teacher: await account('teacher', '李明老师', 'teacher', { schoolId: world.schools.hope }),
		teacher2: await account('teacher2', '王芳老师', 'teacher', {
			schoolId: world.schools.quannaozi
		}),
		student: await account('student', '张小雨', 'student', {
			schoolId: world.schools.hope,
			grade: 'g5'
		}),
		judge: await account('judge', '陈评委', 'judge'),
		judge2: await account('judge2', 'Judge Emily Clark', 'judge'),
		sponsor: await account('sponsor', '孙捐赠', 'sponsor', {
			organisationId: world.organisations.genertec
		})
	};
	// A class to manage: more pupils at the demo teacher's school.
	const pupils: [string, string, Grade][] = [
		['liuyang', '刘洋', 'g5'],
		['chenjing', '陈静', 'g5'],
		['wanghao', '王浩', 'g4'],
		['zhaomin', '赵敏', 'g3']
	];
	for (const [username, name, grade] of pupils) {
		await account(username, name, 'student', { schoolId: world.schools.hope, grade });
	}
	await account('xiaohua', '李小花', 'student', { schoolId: world.schools.quannaozi, grade: 'g4' });
	const demo: DemoWorld = { ...world, users };
	await seedRequests(demo);
	await seedSupply(demo);
	await seedShipments(demo);
	await seedPeopleDemo(demo);
	// Keep this the last seed: thank-you notes thank for what the seeds above delivered.
	await seedThanks(demo);
	return demo;
}
