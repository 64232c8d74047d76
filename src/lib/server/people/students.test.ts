import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { makeSchool, makeUser } from '../testing/factories';
import { getDb } from '../db';
import { createSession, validateSessionToken } from '../auth/session';
import { signIn } from '../auth/sign-in';
import { NotFound, RuleViolation } from '../errors';
import { parseValues } from '../forms';
import * as students from './students';

let schoolA: Awaited<ReturnType<typeof makeSchool>>;
let schoolB: Awaited<ReturnType<typeof makeSchool>>;
let teacherA: Awaited<ReturnType<typeof makeUser>>;
let studentB: Awaited<ReturnType<typeof makeUser>>;

beforeEach(async () => {
	await createTestDb();
	schoolA = await makeSchool();
	schoolB = await makeSchool();
	teacherA = await makeUser('teacher', { schoolId: schoolA.id });
	await makeUser('teacher', { schoolId: schoolB.id });
	studentB = await makeUser('student', { schoolId: schoolB.id, grade: 'g3' });
});

const countStudents = async (schoolId: number) =>
	Number(
		(
			await getDb()
				.selectFrom('user')
				.select((eb) => eb.fn.countAll().as('n'))
				.where('schoolId', '=', schoolId)
				.where('role', '=', 'student')
				.executeTakeFirstOrThrow()
		).n
	);

describe('a teacher and another school’s students', () => {
	it('lists only their own school', async () => {
		await makeUser('student', { schoolId: schoolA.id, displayName: 'Own pupil' });
		const page = await students.list(teacherA.actor);
		expect(page.items.map((s) => s.displayName)).toEqual(['Own pupil']);
		await expect(students.list(teacherA.actor, 1, schoolB.id)).rejects.toBeInstanceOf(NotFound);
	});

	it('cannot read, update, reset or disable a student of school B', async () => {
		const a = teacherA.actor;
		await expect(students.get(a, studentB.id)).rejects.toBeInstanceOf(NotFound);
		await expect(
			students.update(a, studentB.id, { displayName: 'Hacked', grade: 'g1' })
		).rejects.toBeInstanceOf(NotFound);
		await expect(students.resetPassword(a, studentB.id)).rejects.toBeInstanceOf(NotFound);
		await expect(students.setDisabled(a, studentB.id, true)).rejects.toBeInstanceOf(NotFound);
		const row = await getDb()
			.selectFrom('user')
			.selectAll()
			.where('id', '=', studentB.id)
			.executeTakeFirstOrThrow();
		expect(row.displayName).toBe(studentB.displayName);
		expect(row.disabledAt).toBeNull();
		expect(row.passwordHash).toBe(studentB.passwordHash);
	});

	it('cannot treat a teacher of their own school as a student', async () => {
		const colleague = await makeUser('teacher', { schoolId: schoolA.id });
		await expect(students.get(teacherA.actor, colleague.id)).rejects.toBeInstanceOf(NotFound);
		await expect(students.resetPassword(teacherA.actor, colleague.id)).rejects.toBeInstanceOf(
			NotFound
		);
	});

	it('cannot create a student in school B by naming its id', async () => {
		await expect(
			students.create(
				teacherA.actor,
				{ displayName: '李四', grade: 'g2', username: '' },
				schoolB.id
			)
		).rejects.toBeInstanceOf(NotFound);
		await expect(
			students.importClassList(teacherA.actor, '李四 2', schoolB.id)
		).rejects.toBeInstanceOf(NotFound);
		expect(await countStudents(schoolB.id)).toBe(1);
	});

	it('students, judges and sponsors manage no students', async () => {
		for (const role of ['student', 'judge', 'sponsor'] as const) {
			const user = await makeUser(role, role === 'student' ? { schoolId: schoolB.id } : {});
			await expect(students.get(user.actor, studentB.id)).rejects.toBeInstanceOf(NotFound);
			await expect(
				students.create(user.actor, { displayName: 'X', grade: 'g1', username: '' })
			).rejects.toBeInstanceOf(NotFound);
		}
	});
});

describe('creating students', () => {
	it('creates one with a generated username and a password that signs in', async () => {
		const created = await students.create(teacherA.actor, {
			displayName: '张小雨',
			grade: 'g5',
			username: ''
		});
		expect(created.username).toBe(`s${schoolA.id}-0001`);
		const second = await students.create(teacherA.actor, {
			displayName: '王浩',
			grade: 'g4',
			username: ''
		});
		expect(second.username).toBe(`s${schoolA.id}-0002`);
		const result = await signIn(created.username, created.password, '127.0.0.1');
		expect(result.ok).toBe(true);
		const row = await students.get(teacherA.actor, created.id);
		expect(row).toMatchObject({ schoolId: schoolA.id, grade: 'g5', displayName: '张小雨' });
	});

	it('takes a typed username, refusing a taken or malformed one', async () => {
		const created = await students.create(teacherA.actor, {
			displayName: '刘洋',
			grade: 'g5',
			username: 'LiuYang'
		});
		expect(created.username).toBe('liuyang');
		await expect(
			students.create(teacherA.actor, { displayName: '刘洋', grade: 'g5', username: 'liuyang' })
		).rejects.toMatchObject({ field: 'username', status: 409 });
		await expect(
			students.create(teacherA.actor, { displayName: '刘洋', grade: 'g5', username: "' OR 1=1 --" })
		).rejects.toMatchObject({ field: 'username', status: 400 });
	});

	it('refuses a grade the school does not teach', async () => {
		const kindergarten = await makeSchool({ kind: 'kindergarten' });
		const teacher = await makeUser('teacher', { schoolId: kindergarten.id });
		await expect(
			students.create(teacher.actor, { displayName: '小明', grade: 'g3', username: '' })
		).rejects.toMatchObject({ field: 'grade' });
		const ok = await students.create(teacher.actor, {
			displayName: '小明',
			grade: 'k2',
			username: ''
		});
		expect(ok.id).toBeGreaterThan(0);
	});

	it('gives a field error, never a crash, for bad input', () => {
		const bad = [
			'',
			'x'.repeat(10_000),
			'<script>alert(1)</script>',
			"' OR 1=1 --",
			'\u200B\u200B'
		];
		for (const displayName of bad) {
			const parsed = parseValues(students.StudentInput, { displayName, grade: 'g5' });
			expect(parsed.ok, displayName.slice(0, 20)).toBe(false);
			if (!parsed.ok) expect(parsed.errors.displayName).toBeTruthy();
		}
		const grade = parseValues(students.StudentInput, { displayName: '张三', grade: 'g9' });
		expect(grade.ok).toBe(false);
		if (!grade.ok) expect(grade.errors.grade).toBeTruthy();
		const fine = parseValues(students.StudentInput, { displayName: '张三', grade: '５' });
		expect(fine.ok && fine.data.grade).toBe('g5');
	});
});

describe('class lists', () => {
	it('reads names and grades in the forms teachers type, skipping blank lines', () => {
		const { rows, problems } = students.parseClassList(
			'张小雨, g5\n\n  \n王浩 4\r\n李\u3000明\u3000５\n赵敏，三年级\nMary Smith\t6\n'
		);
		expect(problems).toEqual([]);
		expect(rows.map((r) => [r.line, r.displayName, r.grade])).toEqual([
			[1, '张小雨', 'g5'],
			[4, '王浩', 'g4'],
			[5, '李 明', 'g5'],
			[6, '赵敏', 'g3'],
			[7, 'Mary Smith', 'g6']
		]);
	});

	it('reports every bad line by number', () => {
		const { rows, problems } = students.parseClassList(
			'张小雨, g5\n王浩\n李明 g9\n<script>x</script> 3\n\u200B\n赵敏 k1'
		);
		expect(rows).toHaveLength(1);
		expect(problems.map((p) => p.line)).toEqual([2, 3, 4, 6]);
	});

	it('creates nothing when any line is bad, and reports the problems', async () => {
		const error = await students
			.importClassList(teacherA.actor, '张小雨, g5\n王浩 4\n李明 g9')
			.catch((e) => e);
		expect(error).toBeInstanceOf(students.ClassListRejected);
		expect(error).toBeInstanceOf(RuleViolation);
		expect((error as students.ClassListRejected).problems.map((p) => p.line)).toEqual([3]);
		expect(await countStudents(schoolA.id)).toBe(0);
	});

	it('creates the whole class in one go, with passwords that sign in', async () => {
		const created = await students.importClassList(teacherA.actor, '张小雨, g5\n王浩 4\n');
		expect(created.map((c) => c.username)).toEqual([`s${schoolA.id}-0001`, `s${schoolA.id}-0002`]);
		expect(await countStudents(schoolA.id)).toBe(2);
		expect((await signIn(created[1].username, created[1].password, '127.0.0.1')).ok).toBe(true);
	});

	it('refuses an empty list and a list too long', async () => {
		await expect(students.importClassList(teacherA.actor, '\n \n')).rejects.toMatchObject({
			field: 'list'
		});
		const long = Array.from(
			{ length: students.CLASS_LIST_MAX_LINES + 1 },
			(_, i) => `学生${i} 3`
		).join('\n');
		await expect(students.importClassList(teacherA.actor, long)).rejects.toBeInstanceOf(
			students.ClassListRejected
		);
		const parsed = parseValues(students.ClassListInput, { list: 'x'.repeat(10_000) });
		expect(parsed.ok).toBe(false);
		expect(await countStudents(schoolA.id)).toBe(0);
	});
});

describe('editing, resetting and disabling', () => {
	it('edits name and grade', async () => {
		const s = await makeUser('student', { schoolId: schoolA.id });
		await students.update(teacherA.actor, s.id, { displayName: '新名字', grade: 'g6' });
		expect(await students.get(teacherA.actor, s.id)).toMatchObject({
			displayName: '新名字',
			grade: 'g6'
		});
	});

	it('resets a password: the old one fails, the new one works, old sessions end', async () => {
		const s = await makeUser('student', { schoolId: schoolA.id });
		const session = await createSession(s.id);
		const password = await students.resetPassword(teacherA.actor, s.id);
		expect(await validateSessionToken(session.token)).toBeNull();
		expect((await signIn(s.username, password, '10.0.0.1')).ok).toBe(true);
		expect((await signIn(s.username, 'test-password-123', '10.0.0.2')).ok).toBe(false);
	});

	it('disables a student at once and can enable them again', async () => {
		const s = await makeUser('student', { schoolId: schoolA.id });
		const session = await createSession(s.id);
		await students.setDisabled(teacherA.actor, s.id, true);
		expect(await validateSessionToken(session.token)).toBeNull();
		expect((await students.get(teacherA.actor, s.id)).disabledAt).not.toBeNull();
		await students.setDisabled(teacherA.actor, s.id, false);
		expect((await students.get(teacherA.actor, s.id)).disabledAt).toBeNull();
	});
});

describe('grades', () => {
	it('parses the ways a grade is written', () => {
		expect(students.parseGrade('G5')).toBe('g5');
		expect(students.parseGrade('５')).toBe('g5');
		expect(students.parseGrade('五年级')).toBe('g5');
		expect(students.parseGrade('大班')).toBe('k3');
		expect(students.parseGrade('7')).toBeNull();
		expect(students.parseGrade('g5; drop table')).toBeNull();
	});
});

describe('a coordinator and the students of every school', () => {
	it('chooses a school, lists its students, and creates one there', async () => {
		const coordinator = await makeUser('coordinator');
		const choices = await students.schoolChoices(coordinator.actor);
		expect(choices?.map((s) => s.id).sort()).toEqual([schoolA.id, schoolB.id].sort());
		const listB = await students.list(coordinator.actor, 1, schoolB.id);
		expect(listB.school.id).toBe(schoolB.id);
		expect(listB.items.map((s) => s.id)).toEqual([studentB.id]);
		const created = await students.create(
			coordinator.actor,
			{ displayName: '王芳', grade: 'g2', username: '' },
			schoolA.id
		);
		expect(created.username).toBe(`s${schoolA.id}-0001`);
		expect(created.password).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
		expect((await students.list(coordinator.actor, 1, schoolA.id)).items).toHaveLength(1);
		const imported = await students.importClassList(coordinator.actor, '李四 3', schoolB.id);
		expect(imported).toHaveLength(1);
		expect(await countStudents(schoolB.id)).toBe(2);
	});

	it('a teacher gets no choice of school; a sponsor gets nothing at all', async () => {
		expect(await students.schoolChoices(teacherA.actor)).toBeNull();
		const sponsor = await makeUser('sponsor');
		await expect(students.schoolChoices(sponsor.actor)).rejects.toBeInstanceOf(NotFound);
	});
});
