import { setTimeout } from 'node:timers/promises';
import * as time from '../time';
import { getDb } from '../db';
import { verifyAgainstNothing, verifyPassword } from './password';
import { createSession, type SessionWithToken } from './session';
import * as throttle from './throttle';

export type SignInResult =
	| { ok: true; session: SessionWithToken }
	| { ok: false; reason: 'invalid' }
	| { ok: false; reason: 'throttled'; retryAfterMs: number };

/** Usernames compare case-insensitively and ignore width (全角 letters typed on a phone). */
export function normaliseUsername(username: string): string {
	return username.normalize('NFKC').trim().toLowerCase();
}

/**
 * Checks a username and password. The answer and its timing are the same whether or not the
 * account exists; each attempt is counted by the throttle before the check, and failures logged.
 */
export async function signIn(
	rawUsername: string,
	password: string,
	clientAddress: string
): Promise<SignInResult> {
	const username = normaliseUsername(rawUsername).slice(0, 64);
	const attempt = await throttle.begin(username, clientAddress);
	if (!attempt.ok) {
		await logFailure(username, clientAddress, 'throttled');
		return { ok: false, reason: 'throttled', retryAfterMs: attempt.retryAfterMs };
	}
	if (attempt.slowDownMs > 0) await setTimeout(attempt.slowDownMs);

	const user = await getDb()
		.selectFrom('user')
		.select(['id', 'passwordHash', 'disabledAt'])
		.where('username', '=', username)
		.executeTakeFirst();
	const valid =
		user && password.length <= 1024
			? await verifyPassword(user.passwordHash, password)
			: await verifyAgainstNothing(password);

	if (!user || !valid || user.disabledAt !== null) {
		await logFailure(username, clientAddress, !user ? 'unknown' : !valid ? 'password' : 'disabled');
		return { ok: false, reason: 'invalid' };
	}
	await attempt.succeeded();
	return { ok: true, session: await createSession(user.id) };
}

async function logFailure(username: string, clientAddress: string, reason: string): Promise<void> {
	await getDb()
		.insertInto('signInFailure')
		.values({ username, clientAddress, reason, at: time.now() })
		.execute();
	console.warn(
		`sign-in failed: user=${JSON.stringify(username)} address=${clientAddress} reason=${reason}`
	);
}
