import type { Actor } from '../access/policy';
import { RuleViolation } from '../errors';
import * as users from '../people/users';
import { m } from '$lib/paraglide/messages.js';
import * as throttle from './throttle';

/**
 * A signed-in person changes their password. Holding a session is no licence to guess: the check
 * of the current password is throttled exactly like sign-in (same keys, same policy), and refused
 * with sign-in's message at the current-password field.
 */
export async function changePassword(
	actor: Actor & { username: string },
	sessionId: string | undefined,
	input: users.PasswordChange,
	clientAddress: string
): Promise<void> {
	const attempt = await throttle.begin(actor.username, clientAddress);
	if (!attempt.ok) {
		const seconds = Math.ceil(attempt.retryAfterMs / 1000);
		throw new throttle.TooManyAttempts(
			m.login_throttled({ seconds }),
			'currentPassword',
			attempt.retryAfterMs
		);
	}
	try {
		await users.changePassword(actor, sessionId, input);
	} catch (e) {
		// A wrong current password stays counted; any other refusal came after a right one, or before
		// any check.
		if (!(e instanceof RuleViolation && e.field === 'currentPassword')) await attempt.succeeded();
		throw e;
	}
	await attempt.succeeded();
}
