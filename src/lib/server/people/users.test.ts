import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { makeUser, TEST_PASSWORD } from '../testing/factories';
import { createSession, validateSessionToken } from '../auth/session';
import { signIn } from '../auth/sign-in';
import { Forbidden, NotFound } from '../errors';
import * as users from './users';

let coordinator: Awaited<ReturnType<typeof makeUser>>;

beforeEach(async () => {
	await createTestDb();
	coordinator = await makeUser('coordinator', { username: 'boss' });
});

describe('listing accounts', () => {
	it('pages, filters by role and searches names', async () => {
		for (let i = 0; i < 25; i++) await makeUser('judge', { displayName: `Judge ${i}` });
		await makeUser('teacher', { displayName: '李明老师', username: 'liming' });
		const all = await users.list(coordinator.actor);
		expect(all.total).toBe(27);
		expect(all.items).toHaveLength(20);
		expect(all.pages).toBe(2);
		expect((await users.list(coordinator.actor, {}, 2)).items).toHaveLength(7);
		const judges = await users.list(coordinator.actor, { role: 'judge' });
		expect(judges.total).toBe(25);
		expect(judges.items.every((u) => u.role === 'judge')).toBe(true);
		expect(
			(await users.list(coordinator.actor, { q: '李明' })).items.map((u) => u.username)
		).toEqual(['liming']);
		expect((await users.list(coordinator.actor, { q: "' OR 1=1 --" })).total).toBe(0);
		expect((await users.list(coordinator.actor, { q: '%' })).total).toBe(0);
	});

	it('is for coordinators only', async () => {
		for (const role of ['teacher', 'student', 'judge', 'sponsor'] as const) {
			const user = await makeUser(role);
			await expect(users.list(user.actor)).rejects.toBeInstanceOf(Forbidden);
			await expect(users.get(user.actor, coordinator.id)).rejects.toBeInstanceOf(NotFound);
			await expect(users.setDisabled(user.actor, coordinator.id, true)).rejects.toBeInstanceOf(
				NotFound
			);
		}
	});
});

describe('disabling accounts', () => {
	it('ends every session at once and refuses sign-in until enabled', async () => {
		const teacher = await makeUser('teacher');
		const s1 = await createSession(teacher.id);
		const s2 = await createSession(teacher.id);
		await users.setDisabled(coordinator.actor, teacher.id, true);
		expect(await validateSessionToken(s1.token)).toBeNull();
		expect(await validateSessionToken(s2.token)).toBeNull();
		expect((await signIn(teacher.username, TEST_PASSWORD, '9.9.9.9')).ok).toBe(false);
		expect((await users.get(coordinator.actor, teacher.id)).disabledAt).not.toBeNull();
		await users.setDisabled(coordinator.actor, teacher.id, false);
		expect((await signIn(teacher.username, TEST_PASSWORD, '9.9.9.8')).ok).toBe(true);
	});

	it('disables any role but never oneself; unknown ids are NotFound', async () => {
		const other = await makeUser('coordinator');
		await users.setDisabled(coordinator.actor, other.id, true);
		await expect(users.setDisabled(coordinator.actor, coordinator.id, true)).rejects.toBeInstanceOf(
			Forbidden
		);
		await expect(users.setDisabled(coordinator.actor, 123456, true)).rejects.toBeInstanceOf(
			NotFound
		);
		expect((await users.get(coordinator.actor, coordinator.id)).canDisable).toBe(false);
	});
});

describe('changing one’s own password', () => {
	it('ends the other sessions and keeps this one', async () => {
		const judge = await makeUser('judge');
		const here = await createSession(judge.id);
		const elsewhere = await createSession(judge.id);
		await users.changePassword(judge.actor, here.id, {
			currentPassword: TEST_PASSWORD,
			newPassword: 'a brand new phrase',
			confirmPassword: 'a brand new phrase'
		});
		expect(await validateSessionToken(here.token)).not.toBeNull();
		expect(await validateSessionToken(elsewhere.token)).toBeNull();
		expect((await signIn(judge.username, 'a brand new phrase', '8.8.8.8')).ok).toBe(true);
	});

	it('refuses a wrong current password, a mismatch, a weak or unchanged one', async () => {
		const judge = await makeUser('judge');
		const input = {
			currentPassword: TEST_PASSWORD,
			newPassword: 'a brand new phrase',
			confirmPassword: 'a brand new phrase'
		};
		await expect(
			users.changePassword(judge.actor, undefined, { ...input, currentPassword: 'wrong one!' })
		).rejects.toMatchObject({ field: 'currentPassword' });
		await expect(
			users.changePassword(judge.actor, undefined, { ...input, confirmPassword: 'other' })
		).rejects.toMatchObject({ field: 'confirmPassword' });
		await expect(
			users.changePassword(judge.actor, undefined, {
				...input,
				newPassword: 'password',
				confirmPassword: 'password'
			})
		).rejects.toMatchObject({ field: 'newPassword' });
		await expect(
			users.changePassword(judge.actor, undefined, {
				...input,
				newPassword: TEST_PASSWORD,
				confirmPassword: TEST_PASSWORD
			})
		).rejects.toMatchObject({ field: 'newPassword' });
		expect((await signIn(judge.username, TEST_PASSWORD, '7.7.7.7')).ok).toBe(true);
	});
});
