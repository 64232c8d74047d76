import { describe, expect, it } from 'vitest';
import { checkPassword, hashPassword, verifyPassword } from './password';

describe('password rules', () => {
	it('asks only for length and refuses the most common passwords', () => {
		expect(checkPassword('short')).toBe('too_short');
		expect(checkPassword('password')).toBe('common');
		expect(checkPassword('Password1')).toBe('common');
		expect(checkPassword('qwertyuiop')).toBe('common');
		expect(checkPassword('x'.repeat(257))).toBe('too_long');
		expect(checkPassword('wangwei12', 'wangwei12')).toBe('same_as_username');
		// No composition rules: a lowercase passphrase is fine, and so is Chinese.
		expect(checkPassword('green tractor under the willow')).toBeNull();
		expect(checkPassword('春眠不觉晓处处闻啼鸟')).toBeNull();
		expect(checkPassword('demo-password')).toBeNull();
	});

	it('counts characters, not bytes', () => {
		expect(checkPassword('春眠不觉晓处处')).toBe('too_short');
	});

	it('hashes with argon2id and verifies', async () => {
		const hash = await hashPassword('green tractor under the willow');
		expect(hash.startsWith('$argon2id$')).toBe(true);
		expect(hash).toContain('m=19456,t=2,p=1');
		expect(await verifyPassword(hash, 'green tractor under the willow')).toBe(true);
		expect(await verifyPassword(hash, 'green tractor under the willows')).toBe(false);
		expect(await verifyPassword('not a hash', 'anything')).toBe(false);
	});
});
