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
 * account exists; failures are throttled per account name and per client address, and logged.
 */
export async function signIn(
	rawUsername: string,
	password: string,
	clientAddress: string
): Promise<SignInResult> {
	const username = normaliseUsername(rawUsername).slice(0, 64);
	const accountKey = `account:${username}`;
	const addressKey = `address:${clientAddress}`;
	const wait = Math.max(
		await throttle.retryAfter(accountKey),
		await throttle.retryAfter(addressKey)
	);
	if (wait > 0) {
		await logFailure(username, clientAddress, 'throttled');
		return { ok: false, reason: 'throttled', retryAfterMs: wait };
	}

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
		await throttle.recordFailure(accountKey, throttle.ACCOUNT_THROTTLE);
		await throttle.recordFailure(addressKey, throttle.ADDRESS_THROTTLE);
		await logFailure(username, clientAddress, !user ? 'unknown' : !valid ? 'password' : 'disabled');
		return { ok: false, reason: 'invalid' };
	}
	await throttle.reset(accountKey);
	return { ok: true, session: await createSession(user.id) };
}

async function logFailure(username: string, clientAddress: string, reason: string): Promise<void> {
	await getDb()
		.insertInto('signInFailure')
		.values({ username, clientAddress, reason, at: Date.now() })
		.execute();
	console.warn(
		`sign-in failed: user=${JSON.stringify(username)} address=${clientAddress} reason=${reason}`
	);
}
