import { describe, expect, it } from 'vitest';
import { freshDbAt } from '../testing/clock';
import { makeUser, TEST_PASSWORD } from '../testing/factories';
import { m } from '$lib/paraglide/messages.js';
import { changePassword } from './password-change';
import { signIn } from './sign-in';
import { PAIR_THROTTLE, TooManyAttempts } from './throttle';

describe('changing one’s password', () => {
	freshDbAt('2026-11-01T00:00:00Z');

	const input = (currentPassword: string) => ({
		currentPassword,
		newPassword: 'a brand new passphrase',
		confirmPassword: 'a brand new passphrase'
	});

	async function person(username: string) {
		const user = await makeUser('teacher', { username });
		return { ...user.actor, username: user.username };
	}

	it('throttles guesses at the current password like sign-in, with its message at the field', async () => {
		const actor = await person('holder');
		for (let i = 0; i < PAIR_THROTTLE.free; i++) {
			await expect(
				changePassword(actor, undefined, input(`guess ${i}`), '10.0.0.1')
			).rejects.toMatchObject({
				field: 'currentPassword',
				status: 400
			});
		}
		const refused = changePassword(actor, undefined, input(TEST_PASSWORD), '10.0.0.1');
		await expect(refused).rejects.toBeInstanceOf(TooManyAttempts);
		await expect(refused).rejects.toMatchObject({
			field: 'currentPassword',
			status: 429,
			message: m.login_throttled({ seconds: PAIR_THROTTLE.baseDelayMs / 1000 })
		});
		// The same keys as sign-in: the guesser's address can't sign in as them either.
		expect(await signIn('holder', TEST_PASSWORD, '10.0.0.1')).toMatchObject({
			reason: 'throttled'
		});
		// From elsewhere the owner changes it.
		await changePassword(actor, undefined, input(TEST_PASSWORD), '10.0.0.2');
		expect((await signIn('holder', 'a brand new passphrase', '10.0.0.2')).ok).toBe(true);
	});

	it('a right current password forgives the earlier slips', async () => {
		const actor = await person('slipper');
		for (let i = 0; i < PAIR_THROTTLE.free - 1; i++) {
			await expect(
				changePassword(actor, undefined, input(`slip ${i}`), '10.0.0.1')
			).rejects.toThrow();
		}
		// Right current password, but the confirmation differs: refused, yet not a guess.
		await expect(
			changePassword(
				actor,
				undefined,
				{ ...input(TEST_PASSWORD), confirmPassword: 'x' },
				'10.0.0.1'
			)
		).rejects.toMatchObject({ field: 'confirmPassword' });
		await expect(
			changePassword(actor, undefined, input('one more slip'), '10.0.0.1')
		).rejects.toMatchObject({
			status: 400
		});
	});
});
