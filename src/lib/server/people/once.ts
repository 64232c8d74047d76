import type { Cookies } from '@sveltejs/kit';

/**
 * Secrets shown once (a new student's password, an invitation link): kept in memory for a few
 * minutes, tied to the person who made them, handed to the next page after the redirect and then
 * forgotten. The cookie carries only a random key. One app instance only: a restart forgets them.
 */
const TTL_MS = 10 * 60 * 1000;
const COOKIE = 'sapling-once';
const store = new Map<string, { ownerId: number; kind: string; payload: unknown; until: number }>();

function sweep(now: number) {
	for (const [key, entry] of store) if (entry.until <= now) store.delete(key);
}

export function reveal(cookies: Cookies, ownerId: number, kind: string, payload: unknown): void {
	const now = Date.now();
	sweep(now);
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	const key = Buffer.from(bytes).toString('hex');
	store.set(key, { ownerId, kind, payload, until: now + TTL_MS });
	cookies.set(COOKIE, key, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: TTL_MS / 1000 });
}

/** The secret left for this person and kind of page, once; null afterwards. */
export function take<T>(cookies: Cookies, ownerId: number, kind: string): T | null {
	const key = cookies.get(COOKIE);
	if (!key) return null;
	const entry = store.get(key);
	if (!entry || entry.kind !== kind) return null;
	store.delete(key);
	cookies.delete(COOKIE, { path: '/' });
	if (entry.ownerId !== ownerId || entry.until <= Date.now()) return null;
	return entry.payload as T;
}
