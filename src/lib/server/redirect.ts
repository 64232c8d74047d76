/** Longer than any path of ours with its query; a longer target is refused. */
export const MAX_REDIRECT_LENGTH = 1024;

// A character a decoded path may hold: printable ASCII but the backslash, or a letter, digit or
// mark (a name in a path) that is not one of the full-width forms (／ ＼ ：) some software folds.
const PATH_CHARACTER = /^(?:[\x21-\x5b\x5d-\x7e]|(?![\uff00-\uffef])[\p{L}\p{N}\p{M}])$/u;

/**
 * A redirect target taken from input (`?next=`, a form field) if it is a path on this site, else
 * `fallback`. Only an absolute path of printable ASCII passes (no control or wide characters, no
 * backslash), and its path, decoded as often as it decodes, must still start with one `/` and hold
 * nothing a browser might read as another host (`//`, `/\`, `%2F%2F`, a tab browsers drop).
 */
export function safeNext(raw: unknown, fallback = '/'): string {
	if (typeof raw !== 'string' || raw.length === 0 || raw.length > MAX_REDIRECT_LENGTH) {
		return fallback;
	}
	if (!/^\/[\x21-\x5b\x5d-\x7e]*$/.test(raw)) return fallback;
	const path = decodeFully(raw.split(/[?#]/, 1)[0]);
	if (path === null || !path.startsWith('/') || path.startsWith('//')) return fallback;
	if (![...path].every((c) => PATH_CHARACTER.test(c))) return fallback;
	const base = 'http://sapling.invalid';
	const resolved = new URL(raw, base);
	return resolved.origin === base ? raw : fallback;
}

/** The text once no percent-escape is left to decode; null when an escape is malformed. */
function decodeFully(text: string): string | null {
	let current = text;
	for (let round = 0; round < 5; round++) {
		let decoded: string;
		try {
			decoded = decodeURIComponent(current);
		} catch {
			return null;
		}
		if (decoded === current) return current;
		current = decoded;
	}
	return null;
}
