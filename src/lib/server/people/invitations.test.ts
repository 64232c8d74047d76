import { beforeEach, describe, expect, it, vi, afterEach } from 'vitest';
import { createTestDb } from '../testing/db';
import { makeOrganisation, makeSchool, makeUser } from '../testing/factories';
import { getDb } from '../db';
import { Conflict, Forbidden, NotFound } from '../errors';
import { parseValues } from '../forms';
import { signIn } from '../auth/sign-in';
import * as invitations from './invitations';

let coordinator: Awaited<ReturnType<typeof makeUser>>;
let school: Awaited<ReturnType<typeof makeSchool>>;

beforeEach(async () => {
	await createTestDb();
	coordinator = await makeUser('coordinator');
	school = await makeSchool();
});
afterEach(() => vi.useRealTimers());

const teacherInvite = (days = 7) =>
	invitations.create(coordinator.actor, {
		role: 'teacher',
		schoolId: school.id,
		organisationId: null,
		note: 'For Ms Li',
		days
	});

const acceptance = (username: string) => ({
	username,
	displayName: '李老师',
	password: 'a long passphrase',
	confirmPassword: 'a long passphrase'
});

const countUsers = async () =>
	Number(
		(
			await getDb()
				.selectFrom('user')
				.select((eb) => eb.fn.countAll().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('creating invitations', () => {
	it('stores only a SHA-256 hash of a 160-bit token', async () => {
		const { id, token } = await teacherInvite();
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		const row = await getDb()
			.selectFrom('invitation')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row.tokenHash).toBe(invitations.hashToken(token));
		expect(row.tokenHash).not.toContain(token);
		expect(row.expiresAt - row.createdAt).toBe(7 * 24 * 60 * 60 * 1000);
		expect(JSON.stringify(row)).not.toContain(token);
	});

	it('fixes the school for teachers and the organisation for sponsors', async () => {
		await expect(
			invitations.create(coordinator.actor, {
				role: 'teacher',
				schoolId: null,
				organisationId: null,
				note: '',
				days: 7
			})
		).rejects.toMatchObject({ field: 'schoolId' });
		await expect(
			invitations.create(coordinator.actor, {
				role: 'sponsor',
				schoolId: school.id,
				organisationId: null,
				note: '',
				days: 7
			})
		).rejects.toMatchObject({ field: 'organisationId' });
		await expect(
			invitations.create(coordinator.actor, {
				role: 'teacher',
				schoolId: 99999,
				organisationId: null,
				note: '',
				days: 7
			})
		).rejects.toMatchObject({ field: 'schoolId' });
		const org = await makeOrganisation();
		const { token } = await invitations.create(coordinator.actor, {
			role: 'sponsor',
			schoolId: school.id, // ignored for a sponsor
			organisationId: org.id,
			note: '',
			days: 3
		});
		const view = await invitations.lookup(token);
		expect(view).toMatchObject({ state: 'open', role: 'sponsor', organisationName: org.name });
		expect(view.schoolName).toBeNull();
	});

	it('is for coordinators only', async () => {
		for (const role of ['teacher', 'student', 'judge', 'sponsor'] as const) {
			const user = await makeUser(role);
			await expect(
				invitations.create(user.actor, {
					role: 'coordinator',
					schoolId: null,
					organisationId: null,
					note: '',
					days: 7
				})
			).rejects.toBeInstanceOf(Forbidden);
			await expect(invitations.list(user.actor)).rejects.toBeInstanceOf(Forbidden);
		}
	});

	it('bounds its form input', () => {
		for (const days of ['0', '31', '-1', '2.5', 'abc', '9'.repeat(50)]) {
			const parsed = parseValues(invitations.InvitationInput, {
				role: 'judge',
				note: '',
				days
			});
			expect(parsed.ok, days).toBe(false);
		}
		const fullWidth = parseValues(invitations.InvitationInput, {
			role: 'judge',
			note: '',
			days: '１４'
		});
		expect(fullWidth.ok && fullWidth.data.days).toBe(14);
		const markup = parseValues(invitations.InvitationInput, {
			role: 'judge',
			note: '<script>x</script>',
			days: ''
		});
		expect(!markup.ok && markup.errors.note).toBeTruthy();
		const role = parseValues(invitations.InvitationInput, { role: 'student', note: '', days: '' });
		expect(!role.ok && role.errors.role).toBeTruthy();
	});
});

describe('accepting invitations', () => {
	it('creates the account the invitation describes, which can sign in', async () => {
		const { token, id } = await teacherInvite();
		const userId = await invitations.accept(token, acceptance('ms.li'));
		const user = await getDb()
			.selectFrom('user')
			.selectAll()
			.where('id', '=', userId)
			.executeTakeFirstOrThrow();
		expect(user).toMatchObject({ role: 'teacher', schoolId: school.id, username: 'ms.li' });
		expect((await signIn('ms.li', 'a long passphrase', '1.2.3.4')).ok).toBe(true);
		expect((await invitations.get(coordinator.actor, id)).state).toBe('used');
		expect((await invitations.lookup(token)).state).toBe('used');
	});

	it('gives exactly one account to ten acceptances at once', async () => {
		const { token } = await teacherInvite();
		const before = await countUsers();
		const results = await Promise.allSettled(
			Array.from({ length: 10 }, (_, i) => invitations.accept(token, acceptance(`racer${i}`)))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results.filter((r) => r.status === 'rejected')) {
			expect((r as PromiseRejectedResult).reason).toBeInstanceOf(Conflict);
		}
		expect(await countUsers()).toBe(before + 1);
	});

	it('refuses a used, revoked or expired invitation, and an unknown token', async () => {
		const used = await teacherInvite();
		await invitations.accept(used.token, acceptance('first'));
		await expect(invitations.accept(used.token, acceptance('second'))).rejects.toBeInstanceOf(
			Conflict
		);

		const revoked = await teacherInvite();
		await invitations.revoke(coordinator.actor, revoked.id);
		expect((await invitations.lookup(revoked.token)).state).toBe('revoked');
		await expect(invitations.accept(revoked.token, acceptance('third'))).rejects.toBeInstanceOf(
			Conflict
		);

		const expiring = await teacherInvite(1);
		vi.useFakeTimers({ toFake: ['Date'] });
		vi.setSystemTime(Date.now() + 24 * 60 * 60 * 1000 + 1);
		expect((await invitations.lookup(expiring.token)).state).toBe('expired');
		await expect(invitations.accept(expiring.token, acceptance('fourth'))).rejects.toBeInstanceOf(
			Conflict
		);
		vi.useRealTimers();

		expect((await invitations.lookup('a'.repeat(32))).state).toBe('unknown');
		expect((await invitations.lookup("' OR 1=1 --")).state).toBe('unknown');
		await expect(invitations.accept('nope', acceptance('fifth'))).rejects.toBeInstanceOf(NotFound);
		expect(await countUsers()).toBe(2);
	});

	it('keeps the invitation open when the username is taken or the password is weak', async () => {
		const { token } = await teacherInvite();
		await expect(invitations.accept(token, acceptance(coordinator.username))).rejects.toMatchObject(
			{ field: 'username', status: 409 }
		);
		await expect(
			invitations.accept(token, {
				...acceptance('okname'),
				password: 'password',
				confirmPassword: 'password'
			})
		).rejects.toMatchObject({ field: 'password' });
		await expect(
			invitations.accept(token, { ...acceptance('okname'), confirmPassword: 'different phrase' })
		).rejects.toMatchObject({ field: 'confirmPassword' });
		expect((await invitations.lookup(token)).state).toBe('open');
		await invitations.accept(token, acceptance('okname'));
	});

	it('gives field errors for bad names', () => {
		for (const displayName of ['', 'x'.repeat(10_000), '<script>', "' OR 1=1 --", '\u200B']) {
			const parsed = parseValues(invitations.Acceptance, { ...acceptance('x'), displayName });
			expect(!parsed.ok && parsed.errors.displayName, displayName.slice(0, 10)).toBeTruthy();
		}
	});
});

describe('revoking and listing', () => {
	it('lists each invitation with its state, newest first', async () => {
		const a = await teacherInvite();
		const b = await teacherInvite();
		await invitations.revoke(coordinator.actor, a.id);
		const page = await invitations.list(coordinator.actor);
		expect(page.items.map((i) => [i.id, i.state])).toEqual([
			[b.id, 'open'],
			[a.id, 'revoked']
		]);
	});

	it('refuses to revoke twice or a used one; unknown ids are NotFound', async () => {
		const a = await teacherInvite();
		await invitations.revoke(coordinator.actor, a.id);
		await expect(invitations.revoke(coordinator.actor, a.id)).rejects.toBeInstanceOf(Conflict);
		const b = await teacherInvite();
		await invitations.accept(b.token, acceptance('usedup'));
		await expect(invitations.revoke(coordinator.actor, b.id)).rejects.toBeInstanceOf(Conflict);
		await expect(invitations.revoke(coordinator.actor, 4242)).rejects.toBeInstanceOf(NotFound);
		const teacher = await makeUser('teacher');
		await expect(invitations.revoke(teacher.actor, b.id)).rejects.toBeInstanceOf(NotFound);
	});
});
