import { z } from 'zod';
import type { Transaction } from 'kysely';
import { getDb } from '../db';
import { filterAccess, requireAccess, type Actor } from '../access';
import { GRADES, type Database, type Grade, type SchoolKind } from '../db/schema';
import { Conflict, NotFound, RuleViolation } from '../errors';
import { record } from '../audit';
import { hashPassword } from '../auth/password';
import { invalidateUserSessions } from '../auth/session';
import { normaliseUsername } from '../auth/sign-in';
import { m } from '$lib/paraglide/messages.js';
import { createAccount, setPassword, USERNAME_PATTERN } from './accounts';
import { LIMITS, paged, PAGE_SIZE } from '../input';
import { name } from './input';
import { gradesOf } from './schools';
import * as time from '../time';

export const NAME_MAX = LIMITS.studentName;
export const CLASS_LIST_MAX_CHARS = LIMITS.classList;
export const CLASS_LIST_MAX_LINES = 80;

const gradeField = z
	.string()
	.max(12)
	.transform((v, ctx) => {
		const grade = parseGrade(v);
		if (!grade) {
			ctx.addIssue({ code: 'custom', message: 'people_error_grade' });
			return z.NEVER;
		}
		return grade;
	});

export const StudentInput = z.object({
	displayName: name(NAME_MAX),
	grade: gradeField,
	username: z.string().max(LIMITS.username).optional().default('')
});
export type StudentInput = z.output<typeof StudentInput>;

export const StudentUpdate = z.object({
	displayName: name(NAME_MAX),
	grade: gradeField
});
export type StudentUpdate = z.output<typeof StudentUpdate>;

export const ClassListInput = z.object({
	list: z.string().min(1).max(CLASS_LIST_MAX_CHARS)
});

const CHINESE_NUMERALS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const KINDERGARTEN: Record<string, Grade> = { 小班: 'k1', 中班: 'k2', 大班: 'k3' };

/**
 * A grade as a teacher types it: `g5`, `5`, `5年级`, `五年级`, `k1`, `小班` (全角 digits too).
 * Null when it isn't one.
 */
export function parseGrade(raw: string): Grade | null {
	const v = raw.normalize('NFKC').trim().toLowerCase();
	if ((GRADES as readonly string[]).includes(v)) return v as Grade;
	if (KINDERGARTEN[v]) return KINDERGARTEN[v];
	const digits = /^([1-6])(?:年级)?$/.exec(v);
	if (digits) return `g${digits[1]}` as Grade;
	const numeral = /^([一二三四五六])年级$/.exec(v);
	if (numeral) return `g${CHINESE_NUMERALS[numeral[1]]}` as Grade;
	return null;
}

export interface ClassListRow {
	line: number;
	displayName: string;
	grade: Grade;
}
export interface ClassListProblem {
	line: number;
	text: string;
	message: string;
}

/**
 * Reads a pasted class list: one pupil a line, a name then a grade (`张小雨, g5`, `张小雨 5`,
 * `张小雨\t五年级`). Blank lines are skipped; every line that can't be read is reported.
 */
export function parseClassList(
	text: string,
	kind: SchoolKind = 'primary'
): { rows: ClassListRow[]; problems: ClassListProblem[] } {
	const allowed = gradesOf(kind);
	const rows: ClassListRow[] = [];
	const problems: ClassListProblem[] = [];
	const lines = text.split(/\r\n|\r|\n/);
	const nameSchema = name(NAME_MAX);
	lines.forEach((rawLine, index) => {
		const line = index + 1;
		const cleaned = rawLine
			.normalize('NFKC')
			.replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
			// eslint-disable-next-line no-control-regex
			.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
			.trim();
		if (cleaned === '') return;
		const report = (message: string) =>
			problems.push({ line, text: cleaned.slice(0, 80), message });
		const match = /^(.*?)[\s,;、，；]+(\S+)$/.exec(cleaned);
		if (!match) return report(m.people_classlist_no_grade());
		const displayName = match[1]
			.replace(/[\s,;、，；]+$/, '')
			.replace(/\s+/g, ' ')
			.trim();
		const grade = parseGrade(match[2]);
		if (!grade) return report(m.people_classlist_bad_grade({ grade: match[2].slice(0, 12) }));
		if (!allowed.includes(grade)) return report(m.people_classlist_grade_not_taught({ grade }));
		const checked = nameSchema.safeParse(displayName);
		if (!checked.success) return report(m.people_classlist_bad_name());
		rows.push({ line, displayName, grade });
	});
	if (rows.length + problems.length > CLASS_LIST_MAX_LINES) {
		problems.unshift({
			line: 0,
			text: '',
			message: m.people_classlist_too_many({ max: CLASS_LIST_MAX_LINES })
		});
	}
	return { rows, problems };
}

/** A class list refused as a whole, with what is wrong on each line. */
export class ClassListRejected extends RuleViolation {
	constructor(readonly problems: ClassListProblem[]) {
		super(m.people_classlist_rejected({ count: problems.length }), 'list');
	}
}

// Readable initial passwords: no 0/o, 1/l/i. 12 of 31 symbols ≈ 59 bits, plenty for a first password.
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function initialPassword(): string {
	const bytes = new Uint8Array(12);
	crypto.getRandomValues(bytes);
	const chars = [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('');
	return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Usernames the school's students get unless the teacher types one: `s12-0042`. */
function usernamePrefix(schoolId: number): string {
	return `s${schoolId}-`;
}

async function nextSequence(
	trx: Transaction<Database> | ReturnType<typeof getDb>,
	schoolId: number
) {
	const prefix = usernamePrefix(schoolId);
	const rows = await trx
		.selectFrom('user')
		.select('username')
		.where('username', '>=', prefix)
		.where('username', '<', `${prefix}~`)
		.execute();
	let max = 0;
	for (const { username } of rows) {
		const n = Number(username.slice(prefix.length));
		if (Number.isInteger(n) && n > max) max = n;
	}
	return max + 1;
}

function generatedUsername(schoolId: number, n: number): string {
	return `${usernamePrefix(schoolId)}${String(n).padStart(4, '0')}`;
}

async function schoolOf(schoolId: number) {
	const school = await getDb()
		.selectFrom('school')
		.select(['id', 'name', 'kind'])
		.where('id', '=', schoolId)
		.executeTakeFirst();
	if (!school) throw new NotFound();
	return school;
}

/**
 * The school meant: the one named, else the actor's own. The policy then decides, so a teacher
 * naming another school's id finds nothing there.
 */
function schoolFor(actor: Actor, schoolId?: number | null): number {
	const id = schoolId ?? actor.schoolId;
	if (id === null) throw new NotFound();
	return id;
}

export interface SchoolChoice {
	id: number;
	name: string;
	kind: SchoolKind;
}

/**
 * The schools whose students the actor may choose between (a coordinator: every school), or null
 * for someone whose school is their own (a teacher). Anyone else finds nothing: NotFound.
 */
export async function schoolChoices(actor: Actor): Promise<SchoolChoice[] | null> {
	if (actor.schoolId !== null) {
		await requireAccess(actor, 'student.list', actor.schoolId, { hide: true });
		return null;
	}
	const rows = await getDb()
		.selectFrom('school')
		.select(['id', 'name', 'kind'])
		.orderBy('name')
		.orderBy('id')
		.limit(2000)
		.execute();
	const allowed = await filterAccess(
		actor,
		'student.list',
		rows.map((s) => s.id)
	);
	// No school to choose: not someone who manages students (or a coordinator before any school).
	if (allowed.size === 0) throw new NotFound();
	return rows.filter((s) => allowed.has(s.id));
}

/** The school whose students the actor manages (their own, for a teacher); NotFound otherwise. */
export async function managedSchool(actor: Actor, schoolId?: number | null) {
	const school = schoolFor(actor, schoolId);
	await requireAccess(actor, 'student.create', school, { hide: true });
	return schoolOf(school);
}

/** A school's students a page at a time, by grade and name. */
export async function list(actor: Actor, page = 1, schoolId?: number | null) {
	const school = schoolFor(actor, schoolId);
	await requireAccess(actor, 'student.list', school, { hide: true });
	const db = getDb();
	const base = db.selectFrom('user').where('schoolId', '=', school).where('role', '=', 'student');
	const total = await base
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const items = await base
		.select(['id', 'username', 'displayName', 'grade', 'disabledAt'])
		.orderBy('grade')
		.orderBy('displayName')
		.orderBy('id')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return { ...paged(items, Number(total.n), page), school: await schoolOf(school) };
}

/** One student, if the actor manages their school; otherwise it does not exist for them. */
export async function get(actor: Actor, id: number) {
	const student = await getDb()
		.selectFrom('user')
		.innerJoin('school', 'school.id', 'user.schoolId')
		.select([
			'user.id',
			'user.username',
			'user.displayName',
			'user.grade',
			'user.role',
			'user.schoolId',
			'user.disabledAt',
			'user.createdAt',
			'school.name as schoolName',
			'school.kind as schoolKind'
		])
		.where('user.id', '=', id)
		.where('user.role', '=', 'student')
		.executeTakeFirst();
	if (!student) throw new NotFound();
	await requireAccess(actor, 'student.update', student.id, { hide: true });
	return student;
}

function checkGrade(kind: SchoolKind, grade: Grade) {
	if (!gradesOf(kind).includes(grade))
		throw new RuleViolation(m.people_school_grade_not_taught(), 'grade');
}

export interface CreatedStudent {
	id: number;
	username: string;
	displayName: string;
	password: string;
}

/**
 * Creates one student in the actor's school (a posted school id is never read for a teacher).
 * Without a typed username one is generated; the initial password is returned to be shown once.
 */
export async function create(
	actor: Actor,
	input: StudentInput,
	schoolId?: number | null
): Promise<CreatedStudent> {
	const school = schoolFor(actor, schoolId);
	await requireAccess(actor, 'student.create', school, { hide: true });
	const { kind } = await schoolOf(school);
	checkGrade(kind, input.grade);
	const password = initialPassword();
	const typed = input.username.trim();
	if (typed && !USERNAME_PATTERN.test(normaliseUsername(typed)))
		throw new RuleViolation(m.error_username_format(), 'username');
	for (let attempt = 0; ; attempt++) {
		const username = typed || generatedUsername(school, await nextSequence(getDb(), school));
		try {
			const id = await createAccount({
				username,
				displayName: input.displayName,
				password,
				role: 'student',
				schoolId: school,
				grade: input.grade,
				createdBy: actor.id
			});
			return {
				id,
				username: normaliseUsername(username),
				displayName: input.displayName,
				password
			};
		} catch (e) {
			// Two teachers adding at once can pick the same generated name: take the next one.
			if (e instanceof Conflict && !typed && attempt < 5) continue;
			throw e;
		}
	}
}

/**
 * Creates a whole class from a pasted list, all or nothing: any unreadable line refuses the list
 * (every problem reported), and the accounts are inserted in one transaction.
 */
export async function importClassList(
	actor: Actor,
	text: string,
	schoolId?: number | null
): Promise<CreatedStudent[]> {
	const school = schoolFor(actor, schoolId);
	await requireAccess(actor, 'student.create', school, { hide: true });
	const { kind } = await schoolOf(school);
	const { rows, problems } = parseClassList(text, kind);
	if (problems.length > 0) throw new ClassListRejected(problems);
	if (rows.length === 0) throw new RuleViolation(m.people_classlist_empty(), 'list');
	const passwords = rows.map(() => initialPassword());
	const hashes: string[] = [];
	for (const password of passwords) hashes.push(await hashPassword(password));
	const now = time.now();
	return getDb()
		.transaction()
		.execute(async (trx) => {
			let n = await nextSequence(trx, school);
			const created: CreatedStudent[] = [];
			for (const [i, row] of rows.entries()) {
				const username = generatedUsername(school, n++);
				const user = await trx
					.insertInto('user')
					.values({
						username,
						displayName: row.displayName,
						role: 'student',
						schoolId: school,
						organisationId: null,
						grade: row.grade,
						email: null,
						passwordHash: hashes[i],
						disabledAt: null,
						createdAt: now,
						createdBy: actor.id
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				created.push({
					id: user.id,
					username,
					displayName: row.displayName,
					password: passwords[i]
				});
			}
			await record(trx, {
				actorId: actor.id,
				subject: 'school',
				subjectId: school,
				action: 'import_students',
				reason: String(created.length)
			});
			return created;
		});
}

export async function update(actor: Actor, id: number, input: StudentUpdate): Promise<void> {
	const student = await get(actor, id);
	checkGrade(student.schoolKind, input.grade);
	const result = await getDb()
		.updateTable('user')
		.set({ displayName: input.displayName, grade: input.grade })
		.where('id', '=', id)
		.where('role', '=', 'student')
		.where('schoolId', '=', student.schoolId)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) throw new NotFound();
}

/** A new password for a student who forgot theirs; ends their sessions. Returned to show once. */
export async function resetPassword(actor: Actor, id: number): Promise<string> {
	await get(actor, id);
	const password = initialPassword();
	await setPassword(id, password);
	await getDb()
		.transaction()
		.execute((trx) =>
			record(trx, { actorId: actor.id, subject: 'user', subjectId: id, action: 'reset_password' })
		);
	return password;
}

/** Disables (or re-enables) a student's account; disabling ends their sessions at once. */
export async function setDisabled(actor: Actor, id: number, disabled: boolean): Promise<void> {
	const student = await get(actor, id);
	const changed = await getDb()
		.transaction()
		.execute(async (trx) => {
			const result = await trx
				.updateTable('user')
				.set({ disabledAt: disabled ? time.now() : null })
				.where('id', '=', id)
				.where('schoolId', '=', student.schoolId)
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
