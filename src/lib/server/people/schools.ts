import { z } from 'zod';
import { isForeignKeyViolation, isUniqueViolation } from '../db/violations';
import { getDb } from '../db';
import { authorize, authorizeOrHide } from '../access/authorize';
import type { Actor } from '../access/policy';
import { GRADES, SCHOOL_KINDS, type Grade, type SchoolKind } from '../db/schema';
import { Conflict, NotFound, RuleViolation } from '../errors';
import { record } from '../audit';
import { m } from '$lib/paraglide/messages.js';
import { LIMITS, optionalId, paged, PAGE_SIZE, wholeNumber } from '../input';
import { name, phone, text } from './input';
import * as time from '../time';

/** The grades a school of each kind teaches: kindergartens k1–k3, the others g1–g6. */
export function gradesOf(kind: SchoolKind): Grade[] {
	return kind === 'kindergarten' ? ['k1', 'k2', 'k3'] : ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'];
}

const enrolment = z.union([z.literal(''), wholeNumber(0, 10_000)]).optional();

export const SchoolInput = z.object({
	countyId: optionalId.refine((v) => v !== null, { message: 'error_choose_one' }),
	name: name(LIMITS.placeName),
	kind: z.enum(SCHOOL_KINDS),
	village: z.union([z.literal(''), name(LIMITS.village)]),
	address: text(LIMITS.address),
	contactName: z.union([z.literal(''), name(LIMITS.contactName)]),
	contactPhone: phone,
	...(Object.fromEntries(GRADES.map((g) => [`enrol_${g}`, enrolment])) as Record<
		`enrol_${Grade}`,
		typeof enrolment
	>)
});
export type SchoolInput = z.output<typeof SchoolInput>;

export interface SchoolRow {
	id: number;
	name: string;
	kind: SchoolKind;
	village: string;
	countyName: string;
	enrolment: number;
}

/** Schools a page at a time, by county and name, with total enrolment. */
export async function list(actor: Actor, page = 1) {
	authorize(actor, 'school.manage');
	const db = getDb();
	const total = await db
		.selectFrom('school')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const items = await db
		.selectFrom('school')
		.innerJoin('county', 'county.id', 'school.countyId')
		.select([
			'school.id',
			'school.name',
			'school.kind',
			'school.village',
			'county.name as countyName'
		])
		.select((eb) =>
			eb
				.selectFrom('schoolGrade')
				.whereRef('schoolGrade.schoolId', '=', 'school.id')
				.select((e) => e.fn.coalesce(e.fn.sum<number>('enrolment'), e.lit(0)).as('n'))
				.as('enrolment')
		)
		.orderBy('county.name')
		.orderBy('school.name')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return paged(
		items.map((s) => ({ ...s, enrolment: Number(s.enrolment ?? 0) })) as SchoolRow[],
		Number(total.n),
		page
	);
}

/** For selects (an invitation's school). */
export async function options(actor: Actor) {
	authorize(actor, 'school.manage');
	return getDb().selectFrom('school').select(['id', 'name']).orderBy('name').limit(2000).execute();
}

/** One school with its enrolment per grade. */
export async function get(actor: Actor, id: number) {
	authorizeOrHide(actor, 'school.manage');
	const school = await getDb()
		.selectFrom('school')
		.innerJoin('county', 'county.id', 'school.countyId')
		.selectAll('school')
		.select('county.name as countyName')
		.where('school.id', '=', id)
		.executeTakeFirst();
	if (!school) throw new NotFound();
	const rows = await getDb()
		.selectFrom('schoolGrade')
		.select(['grade', 'enrolment'])
		.where('schoolId', '=', id)
		.execute();
	const enrolment: Partial<Record<Grade, number>> = {};
	for (const row of rows) enrolment[row.grade] = row.enrolment;
	return { ...school, enrolment };
}

/** The school as the edit form's values. */
export function formValues(school: Awaited<ReturnType<typeof get>>): Record<string, string> {
	const values: Record<string, string> = {
		countyId: String(school.countyId),
		name: school.name,
		kind: school.kind,
		village: school.village,
		address: school.address,
		contactName: school.contactName,
		contactPhone: school.contactPhone
	};
	for (const grade of GRADES) {
		const n = school.enrolment[grade];
		values[`enrol_${grade}`] = n === undefined ? '' : String(n);
	}
	return values;
}

function enrolmentOf(input: SchoolInput): [Grade, number][] {
	const allowed = gradesOf(input.kind);
	const result: [Grade, number][] = [];
	for (const grade of GRADES) {
		const value = input[`enrol_${grade}`];
		if (value === undefined || value === '') continue;
		if (!allowed.includes(grade)) {
			if (value === 0) continue;
			throw new RuleViolation(m.people_school_grade_not_taught(), `enrol_${grade}`);
		}
		result.push([grade, value]);
	}
	return result;
}

function duplicate(e: unknown): never {
	if (isUniqueViolation(e, 'school')) {
		throw new Conflict(m.people_school_taken(), 'name');
	}
	if (isForeignKeyViolation(e)) {
		throw new RuleViolation(m.error_choose_one(), 'countyId');
	}
	throw e;
}

export async function create(actor: Actor, input: SchoolInput): Promise<number> {
	authorize(actor, 'school.manage');
	const grades = enrolmentOf(input);
	try {
		return await getDb()
			.transaction()
			.execute(async (trx) => {
				const school = await trx
					.insertInto('school')
					.values({
						countyId: input.countyId!,
						name: input.name,
						kind: input.kind,
						village: input.village,
						address: input.address,
						contactName: input.contactName,
						contactPhone: input.contactPhone,
						createdAt: time.now()
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				for (const [grade, enrolment] of grades) {
					await trx
						.insertInto('schoolGrade')
						.values({ schoolId: school.id, grade, enrolment })
						.execute();
				}
				await record(trx, {
					actorId: actor.id,
					subject: 'school',
					subjectId: school.id,
					action: 'create'
				});
				return school.id;
			});
	} catch (e) {
		duplicate(e);
	}
}

export async function update(actor: Actor, id: number, input: SchoolInput): Promise<void> {
	authorize(actor, 'school.manage');
	const grades = enrolmentOf(input);
	try {
		await getDb()
			.transaction()
			.execute(async (trx) => {
				const result = await trx
					.updateTable('school')
					.set({
						countyId: input.countyId!,
						name: input.name,
						kind: input.kind,
						village: input.village,
						address: input.address,
						contactName: input.contactName,
						contactPhone: input.contactPhone
					})
					.where('id', '=', id)
					.executeTakeFirst();
				if (Number(result.numUpdatedRows) === 0) throw new NotFound();
				await trx.deleteFrom('schoolGrade').where('schoolId', '=', id).execute();
				for (const [grade, enrolment] of grades) {
					await trx.insertInto('schoolGrade').values({ schoolId: id, grade, enrolment }).execute();
				}
				await record(trx, {
					actorId: actor.id,
					subject: 'school',
					subjectId: id,
					action: 'update'
				});
			});
	} catch (e) {
		duplicate(e);
	}
}
