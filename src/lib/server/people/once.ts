import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import type { Cookies } from '@sveltejs/kit';
import { getDb } from '../db';
import * as time from '../time';

/**
 * Secrets shown once (a new student's password, an invitation link), handed from an action to the
 * page after its redirect. Kept in the database for ten minutes, so a restart or a second instance
 * still shows them; tied to the person who made them and to a kind of page; read once, by a
 * `DELETE … RETURNING` that no second reading can share. The cookie carries a random secret: the
 * row is found by its SHA-256 and the payload is encrypted with a key derived from it, so the
 * database alone never holds the secret in the clear.
 */
const TTL_MS = 10 * 60 * 1000;
const COOKIE = 'sapling-once';
const SECRET_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyHash(secret: Buffer): string {
	return createHash('sha256').update(secret).digest('hex');
}

function cipherKey(secret: Buffer): Buffer {
	return Buffer.from(hkdfSync('sha256', secret, new Uint8Array(0), 'sapling once-secret v1', 32));
}

/** Binds the ciphertext to its row: a payload moved to another owner or kind won't decrypt. */
function context(ownerId: number, kind: string): Buffer {
	return Buffer.from(`${ownerId}\n${kind}`, 'utf8');
}

function seal(secret: Buffer, ownerId: number, kind: string, payload: unknown): Buffer {
	const iv = randomBytes(IV_BYTES);
	const cipher = createCipheriv('aes-256-gcm', cipherKey(secret), iv);
	cipher.setAAD(context(ownerId, kind));
	const body = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
	return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

function open(secret: Buffer, ownerId: number, kind: string, sealed: Uint8Array): unknown {
	const bytes = Buffer.from(sealed);
	const decipher = createDecipheriv('aes-256-gcm', cipherKey(secret), bytes.subarray(0, IV_BYTES));
	decipher.setAAD(context(ownerId, kind));
	decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
	const body = Buffer.concat([
		decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
		decipher.final()
	]);
	return JSON.parse(body.toString('utf8'));
}

function secretOf(cookie: string | undefined): Buffer | null {
	if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
	const secret = Buffer.from(cookie, 'base64url');
	return secret.length === SECRET_BYTES ? secret : null;
}

/** Leaves a secret for this person and kind of page; expired ones are pruned on the way. */
export async function reveal(
	cookies: Cookies,
	ownerId: number,
	kind: string,
	payload: unknown
): Promise<void> {
	const now = time.now();
	const secret = randomBytes(SECRET_BYTES);
	const row = {
		keyHash: keyHash(secret),
		ownerId,
		kind,
		payload: seal(secret, ownerId, kind, payload),
		createdAt: now,
		expiresAt: now + TTL_MS
	};
	await getDb()
		.transaction()
		.execute(async (trx) => {
			await trx.deleteFrom('onceSecret').where('expiresAt', '<=', now).execute();
			await trx.insertInto('onceSecret').values(row).execute();
		});
	cookies.set(COOKIE, secret.toString('base64url'), {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		maxAge: TTL_MS / 1000
	});
}

/** The secret left for this person and kind of page, once; null afterwards. */
export async function take<T>(cookies: Cookies, ownerId: number, kind: string): Promise<T | null> {
	const secret = secretOf(cookies.get(COOKIE));
	if (!secret) return null;
	// One statement reads and deletes: of two readings at once, only one gets the row.
	const row = await getDb()
		.deleteFrom('onceSecret')
		.where('keyHash', '=', keyHash(secret))
		.where('kind', '=', kind)
		.returning(['ownerId', 'payload', 'expiresAt'])
		.executeTakeFirst();
	if (!row) return null;
	cookies.delete(COOKIE, { path: '/' });
	if (row.ownerId !== ownerId || row.expiresAt <= time.now()) return null;
	return open(secret, ownerId, kind, row.payload) as T;
}
