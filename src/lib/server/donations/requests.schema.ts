import { z } from 'zod';
import { parseValues, issueMessage, type Parsed } from '../forms';
import { m } from '$lib/paraglide/messages.js';
import { REQUEST_STATUSES, type RequestStatus } from '../db/schema';
import * as time from '../time';
import { LIMITS as SHARED, optionalId, text as sharedText, wholeNumber } from '../input';

/** Input rules for the catalog and supply-request forms. */

/** Free text: bounded, at least `min` characters, no markup. */
export function text(max: number, min = 0) {
	return sharedText({ max, min });
}

// ---- Calendar dates ----

/** Today in the program's time zone, as YYYY-MM-DD. */
export function today(now = time.now()): string {
	return time.today(now);
}

/** True for a YYYY-MM-DD that names a real day (no 30 February). */
export function isCalendarDate(value: string): boolean {
	const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
	if (!match) return false;
	const [y, mo, d] = match.slice(1).map(Number);
	const date = new Date(Date.UTC(y, mo - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The same day two years on (29 February → 28 February). */
export function twoYearsAfter(day: string): string {
	const [y, mo, d] = day.split('-').map(Number);
	const date = new Date(Date.UTC(y + 2, mo - 1, d));
	if (date.getUTCDate() !== d) date.setUTCDate(0);
	return date.toISOString().slice(0, 10);
}

export type DateProblem = 'req_error_date_format' | 'req_error_date_past' | 'req_error_date_far';

/** Why a needed-by date won't do, or null: a real day, not before today, at most two years ahead. */
export function neededByProblem(value: string, now = time.now()): DateProblem | null {
	if (!isCalendarDate(value)) return 'req_error_date_format';
	const first = today(now);
	if (value < first) return 'req_error_date_past';
	if (value > twoYearsAfter(first)) return 'req_error_date_far';
	return null;
}

export const neededBy = z
	.string()
	.max(20, { message: 'req_error_date_format' })
	.transform((v) => v.normalize('NFKC').trim())
	.superRefine((v, ctx) => {
		const problem = neededByProblem(v);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});

// ---- Supply requests ----

export const MAX_LINES = 50;
export const MAX_QUANTITY = 100_000;
export const LIMITS = {
	purpose: SHARED.purpose,
	description: SHARED.lineDescription,
	reason: SHARED.lineReason,
	note: SHARED.longNote
} as const;

export interface LineInput {
	catalogItemId: number | null;
	description: string;
	quantity: number;
	reason: string;
	/** The form row it came from, so an error lands at the right field. */
	row?: number;
}

export interface RequestInput {
	purpose: string;
	neededBy: string;
	lines: LineInput[];
}

const Head = z.object({ purpose: text(LIMITS.purpose, 1), neededBy });

const Line = z
	.object({
		item: optionalId,
		description: text(LIMITS.description),
		quantity: wholeNumber(1, MAX_QUANTITY),
		reason: text(LIMITS.reason)
	})
	.refine((l) => l.item !== null || l.description.length > 0, {
		message: 'req_error_item_or_description',
		path: ['description']
	});

const LINE_FIELDS = ['item', 'description', 'quantity', 'reason'] as const;

/** How many line rows a form posted (from `rows`, or the highest row index it carries). */
export function rowsIn(values: Record<string, string>, minimum = 5): number {
	let rows = Math.max(minimum, Number.parseInt(values.rows ?? '', 10) || 0);
	for (const key of Object.keys(values)) {
		const match = /^(?:item|description|quantity|reason)_(\d{1,2})$/.exec(key);
		if (match) rows = Math.max(rows, Number(match[1]) + 1);
	}
	return Math.min(rows, MAX_LINES);
}

/**
 * A request form: `purpose`, `neededBy`, and rows `item_N`, `description_N`, `quantity_N`,
 * `reason_N` (N from 0). Blank rows are skipped; a row's error is reported at its own field.
 */
export function parseRequestForm(values: Record<string, string>): Parsed<RequestInput> {
	const head = parseValues(Head, values);
	const errors: Record<string, string> = head.ok ? {} : { ...head.errors };
	const lines: LineInput[] = [];
	for (let i = 0; i < rowsIn(values, 0); i++) {
		const row = Object.fromEntries(LINE_FIELDS.map((f) => [f, values[`${f}_${i}`] ?? '']));
		if (LINE_FIELDS.every((f) => row[f] === '')) continue;
		const result = Line.safeParse(row);
		if (result.success) {
			const { item, description, quantity, reason } = result.data;
			lines.push({ catalogItemId: item, description, quantity, reason, row: i });
		} else {
			for (const issue of result.error.issues) {
				errors[`${String(issue.path[0] ?? 'description')}_${i}`] ??= issueMessage(issue);
			}
		}
	}
	if (lines.length === 0 && !Object.keys(errors).some((k) => /_\d+$/.test(k))) {
		errors.lines = m.req_error_no_lines();
	}
	if (Object.keys(errors).length > 0 || !head.ok) return { ok: false, values, errors };
	return { ok: true, values, data: { ...head.data, lines } };
}

// ---- Review ----

export interface LineDecision {
	lineId: number;
	approved: number;
	note: string;
}

export interface ReviewInput {
	lines: LineDecision[];
	note: string;
}

const Decision = z.object({
	approved: wholeNumber(0, MAX_QUANTITY),
	note: text(LIMITS.note)
});

/** A review form: `approved_<lineId>` and `note_<lineId>` per line, and `reviewNote`. */
export function parseReviewForm(
	values: Record<string, string>,
	lineIds: readonly number[]
): Parsed<ReviewInput> {
	const errors: Record<string, string> = {};
	const lines: LineDecision[] = [];
	const note = parseValues(z.object({ reviewNote: text(LIMITS.note) }), {
		reviewNote: values.reviewNote ?? ''
	});
	if (!note.ok) Object.assign(errors, note.errors);
	for (const lineId of lineIds) {
		const result = Decision.safeParse({
			approved: values[`approved_${lineId}`] ?? '',
			note: values[`note_${lineId}`] ?? ''
		});
		if (result.success) lines.push({ lineId, ...result.data });
		else
			for (const issue of result.error.issues)
				errors[`${String(issue.path[0])}_${lineId}`] ??= issueMessage(issue);
	}
	if (!note.ok || Object.keys(errors).length > 0) return { ok: false, values, errors };
	return { ok: true, values, data: { lines, note: note.data.reviewNote } };
}

// ---- Lists ----

/** A list's status filter: one status, or every one. */
export type StatusFilter = RequestStatus | 'all';

export function statusFilterOf(value: string | null, fallback: StatusFilter): StatusFilter {
	if (value === 'all') return 'all';
	return (REQUEST_STATUSES as readonly string[]).includes(value ?? '')
		? (value as RequestStatus)
		: fallback;
}
