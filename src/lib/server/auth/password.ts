import { hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP's argon2id baseline: 19 MiB of memory, 2 iterations, 1 lane.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export const PASSWORD_MIN = 8;
/** Long passphrases are welcome; the cap only keeps hashing cheap to refuse. */
export const PASSWORD_MAX = 256;

let common: Set<string> | undefined;

/** The most common passwords of the public breach corpora, ranked (zxcvbn's list). */
export function isCommonPassword(password: string): boolean {
	common ??= new Set(dictionary['passwords-common']);
	return common.has(password.toLowerCase());
}

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'same_as_username';

/** No composition rules: length, and not one of the passwords attackers try first. */
export function checkPassword(password: string, username = ''): PasswordProblem | null {
	const length = [...password].length;
	if (length < PASSWORD_MIN) return 'too_short';
	if (length > PASSWORD_MAX) return 'too_long';
	if (isCommonPassword(password)) return 'common';
	if (username && password.toLowerCase() === username.toLowerCase()) return 'same_as_username';
	return null;
}

export function hashPassword(password: string): Promise<string> {
	return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
	try {
		return await verify(passwordHash, password);
	} catch {
		return false;
	}
}

let dummy: Promise<string> | undefined;

/** Spends the same time as a real check, so an unknown username answers as slowly as a known one. */
export async function verifyAgainstNothing(password: string): Promise<false> {
	dummy ??= hashPassword('sapling-timing-equaliser');
	await verifyPassword(await dummy, password);
	return false;
}
