import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages.js';

/** What a form posts back when it is refused: what was typed, and a message per field. */
export interface FormFailure {
	values: Record<string, string>;
	errors: Record<string, string>;
	/** A message about the form as a whole. */
	message?: string;
}

export type Parsed<T> =
	{ ok: true; data: T; values: Record<string, string> } | ({ ok: false } & FormFailure);

// Characters that are invisible or control characters: stripped so "empty" really is empty.
const INVISIBLE = /[\u200B\u2060\uFEFF\u00AD]/g;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
// Bidirectional controls (embeddings, overrides, isolates, marks): they make "txt.exe" read as
// "exe.txt" and spoof how a name or a note reads. Pages isolate user text with <bdi> instead.
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

/** Tidies a typed value: Unicode NFC, no invisible, control or bidi characters, no outer spaces. */
export function clean(value: string): string {
	return value
		.normalize('NFC')
		.replace(INVISIBLE, '')
		.replace(CONTROL, '')
		.replace(BIDI_CONTROLS, '')
		.trim();
}

/** Form data as plain strings; a repeated field keeps its last value unless listed in `lists`. */
export function formValues(form: FormData): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [key, value] of form) {
		if (typeof value === 'string') values[key] = clean(value);
	}
	return values;
}

type MessageKey = keyof typeof m;

function isMessageKey(key: string): key is MessageKey {
	return key in m && typeof (m as Record<string, unknown>)[key] === 'function';
}

/** One localised sentence for a Zod issue. Schemas name a message key in `message` for their own rules. */
export function issueMessage(issue: z.core.$ZodIssue): string {
	if (issue.message && isMessageKey(issue.message)) {
		const params = (issue as { params?: Record<string, unknown> }).params ?? {};
		return (m[issue.message] as (p: Record<string, unknown>) => string)(params);
	}
	switch (issue.code) {
		case 'too_small':
			if (issue.origin === 'string')
				return Number(issue.minimum) <= 1
					? m.error_required()
					: m.error_too_short({ min: Number(issue.minimum) });
			return m.error_too_small({ min: Number(issue.minimum) });
		case 'too_big':
			if (issue.origin === 'string') return m.error_too_long({ max: Number(issue.maximum) });
			return m.error_too_big({ max: Number(issue.maximum) });
		case 'invalid_type':
			return m.error_required();
		case 'invalid_value':
			return m.error_choose_one();
		case 'invalid_format':
			return m.error_format();
		default:
			return m.error_invalid();
	}
}

export function parseValues<S extends z.ZodType>(
	schema: S,
	values: Record<string, string>
): Parsed<z.output<S>> {
	const result = schema.safeParse(values);
	if (result.success) return { ok: true, data: result.data, values };
	const errors: Record<string, string> = {};
	for (const issue of result.error.issues) {
		const field = String(issue.path[0] ?? '_');
		errors[field] ??= issueMessage(issue);
	}
	return { ok: false, values: withoutSecrets(values), errors };
}

/** Parses a posted form against a schema; a body that is not a form counts as an empty one. */
export async function parseForm<S extends z.ZodType>(
	schema: S,
	request: Request
): Promise<Parsed<z.output<S>>> {
	let form: FormData;
	try {
		form = await request.formData();
	} catch (e) {
		if (isTooLarge(e)) error(413, { message: m.error_413() });
		form = new FormData();
	}
	return parseValues(schema, formValues(form));
}

/** The adapter's refusal of a body over BODY_SIZE_LIMIT (a SvelteKitError with status 413). */
export function isTooLarge(e: unknown): boolean {
	return typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 413;
}

const SECRET_FIELDS = ['password', 'newPassword', 'currentPassword', 'confirmPassword'];

/** Passwords are never sent back to the page. */
function withoutSecrets(values: Record<string, string>): Record<string, string> {
	const kept = { ...values };
	for (const key of SECRET_FIELDS) delete kept[key];
	return kept;
}

/** Turns a refusal into a 400 (or the domain error's status) that keeps what was typed. */
export function refuse(
	values: Record<string, string>,
	errors: Record<string, string>,
	message?: string,
	status = 400
): ActionFailure<FormFailure> {
	return fail(status, { values: withoutSecrets(values), errors, message });
}
