import { sql, type Transaction } from 'kysely';
import { can, requireAccess, requireRole, scopes, type Actor } from '../access';
import type { FactsByKind, KindAction } from '../access/policy';
import { getDb } from '../db';
import type { Category, Database, RequestStatus } from '../db/schema';
import { Conflict, NotFound, RuleViolation } from '../errors';
import * as audit from '../audit';
import { isIn, reachable, requestLifecycle, targets } from './lifecycles';
import { notify, recipients } from '../notifications/notify';
import { m } from '$lib/paraglide/messages.js';
import {
	LIMITS,
	MAX_LINES,
	MAX_QUANTITY,
	neededByProblem,
	today,
	type RequestInput,
	type ReviewInput,
	type StatusFilter
} from './requests.schema';
import { PAGE_SIZE, paged, type Paged } from '../input';
import * as time from '../time';
import { itemNameColumn, unitLabelColumn } from './names';

export type { RequestInput, ReviewInput, LineInput, LineDecision } from './requests.schema';

type Trx = Transaction<Database>;

const MARKUP = /[<>]/;
const SUBJECT = 'request';
/** A request counts as delivered from `delivered` on. */
export const THANKABLE: readonly RequestStatus[] = reachable(requestLifecycle, [
	requestLifecycle.deliver.to
]);

/** A status in the reader's words. */
export function statusName(status: RequestStatus): string {
	const names: Record<RequestStatus, () => string> = {
		draft: m.req_status_draft,
		submitted: m.req_status_submitted,
		approved: m.req_status_approved,
		partially_approved: m.req_status_partially_approved,
		rejected: m.req_status_rejected,
		fulfilling: m.req_status_fulfilling,
		delivered: m.req_status_delivered,
		closed: m.req_status_closed
	};
	return names[status]();
}

type RequestAction = { [A in KindAction]: A extends `request.${string}` ? A : never }[KindAction];

/**
 * Asks the access layer about a change to a request. Someone who may not see it gets NotFound;
 * someone who may see it but never do this, Forbidden; the right person at the wrong moment (its
 * lifecycle doesn't allow it from the state it is in), a Conflict that says what state it is in now.
 */
async function guard(
	actor: Actor,
	id: number,
	action: RequestAction
): Promise<FactsByKind['request']> {
	return requireAccess(actor, action, id, {
		conflict: (f: FactsByKind['request']) => stateConflict(f.status)
	});
}

function stateConflict(status: RequestStatus): Conflict {
	return new Conflict(m.req_conflict_state({ status: statusName(status) }));
}

type Step = keyof typeof requestLifecycle;

/**
 * Moves a request by one step of its lifecycle, from the state it was found in to one the step
 * leads to, only if it is still in that state (the DB settles races), and records the step under
 * its name.
 */
async function transition(
	trx: Trx,
	id: number,
	step: Step,
	move: { actorId: number | null; from: RequestStatus; to: RequestStatus; reason?: string | null },
	set: Partial<{
		submittedAt: number | null;
		reviewedAt: number;
		reviewedBy: number;
		reviewNote: string;
		deliveredAt: number;
	}> = {}
): Promise<void> {
	const { from, to } = move;
	if (!isIn(from, requestLifecycle[step].from)) throw stateConflict(from);
	if (!isIn(to, targets<RequestStatus>(requestLifecycle[step]))) throw stateConflict(from);
	const result = await trx
		.updateTable('supplyRequest')
		.set({ ...set, status: to, updatedAt: time.now() })
		.where('id', '=', id)
		.where('status', '=', from)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) {
		const now = await trx
			.selectFrom('supplyRequest')
			.select('status')
			.where('id', '=', id)
			.executeTakeFirst();
		if (!now) throw new NotFound();
		throw stateConflict(now.status);
	}
	await audit.record(trx, {
		actorId: move.actorId,
		subject: SUBJECT,
		subjectId: id,
		action: step,
		from,
		to,
		reason: move.reason
	});
}

// ---- Drafts ----

/** The service's own check of a request's content; fields are named as the form names them. */
async function checkInput(trx: Trx, input: RequestInput): Promise<void> {
	const purpose = input.purpose ?? '';
	if (purpose.length < 1) throw new RuleViolation(m.error_required(), 'purpose');
	if (purpose.length > LIMITS.purpose)
		throw new RuleViolation(m.error_too_long({ max: LIMITS.purpose }), 'purpose');
	if (MARKUP.test(purpose)) throw new RuleViolation(m.error_no_markup(), 'purpose');
	const problem = neededByProblem(input.neededBy ?? '');
	if (problem) throw new RuleViolation(m[problem](), 'neededBy');
	if (!Array.isArray(input.lines) || input.lines.length === 0)
		throw new RuleViolation(m.req_error_no_lines(), 'lines');
	if (input.lines.length > MAX_LINES)
		throw new RuleViolation(m.req_error_too_many_lines({ max: MAX_LINES }), 'lines');
	const itemIds = new Set<number>();
	input.lines.forEach((line, i) => {
		const row = line.row ?? i;
		if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY)
			throw new RuleViolation(m.error_whole_number(), `quantity_${row}`);
		const description = line.description ?? '';
		const reason = line.reason ?? '';
		if (description.length > LIMITS.description || MARKUP.test(description))
			throw new RuleViolation(m.error_invalid(), `description_${row}`);
		if (reason.length > LIMITS.reason || MARKUP.test(reason))
			throw new RuleViolation(m.error_invalid(), `reason_${row}`);
		if (line.catalogItemId === null && description.length === 0)
			throw new RuleViolation(m.req_error_item_or_description(), `description_${row}`);
		if (line.catalogItemId !== null) itemIds.add(line.catalogItemId);
	});
	if (itemIds.size > 0) {
		const active = new Set(
			(
				await trx
					.selectFrom('catalogItem')
					.select('id')
					.where('id', 'in', [...itemIds])
					.where('active', '=', 1)
					.execute()
			).map((r) => r.id)
		);
		input.lines.forEach((line, i) => {
			if (line.catalogItemId !== null && !active.has(line.catalogItemId))
				throw new RuleViolation(m.req_error_item_unavailable(), `item_${line.row ?? i}`);
		});
	}
}

async function insertLines(trx: Trx, requestId: number, input: RequestInput): Promise<void> {
	await trx
		.insertInto('requestLine')
		.values(
			input.lines.map((line, i) => ({
				requestId,
				position: i + 1,
				catalogItemId: line.catalogItemId,
				description: line.description ?? '',
				quantityRequested: line.quantity,
				reason: line.reason ?? '',
				quantityApproved: null
			}))
		)
		.execute();
}

/** A teacher starts a request for their own school; it is saved as a draft. */
export async function create(actor: Actor, input: RequestInput): Promise<number> {
	requireRole(actor, 'request.create');
	const schoolId = actor.schoolId!;
	return getDb()
		.transaction()
		.execute(async (trx) => {
			await checkInput(trx, input);
			const now = time.now();
			const row = await trx
				.insertInto('supplyRequest')
				.values({
					schoolId,
					createdBy: actor.id,
					purpose: input.purpose,
					neededBy: input.neededBy,
					status: requestLifecycle.create.to,
					submittedAt: null,
					reviewedAt: null,
					reviewedBy: null,
					deliveredAt: null,
					createdAt: now,
					updatedAt: now
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await insertLines(trx, row.id, input);
			await audit.record(trx, {
				actorId: actor.id,
				subject: SUBJECT,
				subjectId: row.id,
				action: 'create',
				to: requestLifecycle.create.to
			});
			return row.id;
		});
}

/** Replaces a draft's purpose, date and lines. */
export async function update(actor: Actor, id: number, input: RequestInput): Promise<void> {
	await guard(actor, id, 'request.edit');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			await checkInput(trx, input);
			const result = await trx
				.updateTable('supplyRequest')
				.set({ purpose: input.purpose, neededBy: input.neededBy, updatedAt: time.now() })
				.where('id', '=', id)
				.where('status', 'in', requestLifecycle.edit.from)
				.executeTakeFirst();
			if (Number(result.numUpdatedRows) === 0) throw await currentConflict(trx, id);
			await trx.deleteFrom('requestLine').where('requestId', '=', id).execute();
			await insertLines(trx, id, input);
			await audit.record(trx, {
				actorId: actor.id,
				subject: SUBJECT,
				subjectId: id,
				action: 'edit',
				from: requestLifecycle.edit.from[0],
				to: requestLifecycle.edit.to
			});
		});
}

async function currentConflict(trx: Trx, id: number): Promise<Conflict | NotFound> {
	const now = await trx
		.selectFrom('supplyRequest')
		.select('status')
		.where('id', '=', id)
		.executeTakeFirst();
	return now ? stateConflict(now.status) : new NotFound();
}

/** Deletes a draft and its lines; the audit trail keeps a note that it existed. */
export async function remove(actor: Actor, id: number): Promise<void> {
	await guard(actor, id, 'request.delete');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			// The lines go with it (on delete cascade); the status condition settles a race.
			const result = await trx
				.deleteFrom('supplyRequest')
				.where('id', '=', id)
				.where('status', 'in', requestLifecycle.delete.from)
				.executeTakeFirst();
			if (Number(result.numDeletedRows) === 0) throw await currentConflict(trx, id);
			await audit.record(trx, {
				actorId: actor.id,
				subject: SUBJECT,
				subjectId: id,
				action: 'delete',
				from: requestLifecycle.delete.from[0]
			});
		});
}

// ---- Submission and review ----

export async function submit(actor: Actor, id: number): Promise<void> {
	const row = await guard(actor, id, 'request.submit');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const { neededBy } = await trx
				.selectFrom('supplyRequest')
				.select('neededBy')
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			const problem = neededByProblem(neededBy);
			if (problem) throw new RuleViolation(m.req_error_submit_date({ problem: m[problem]() }));
			await transition(
				trx,
				id,
				'submit',
				{ actorId: actor.id, from: row.status, to: requestLifecycle.submit.to },
				{ submittedAt: time.now() }
			);
			const school = await trx
				.selectFrom('school')
				.select('name')
				.where('id', '=', row.schoolId)
				.executeTakeFirstOrThrow();
			await notify(trx, await recipients(trx, { role: 'coordinator' }), {
				kind: 'request_submitted',
				subject: SUBJECT,
				subjectId: id,
				params: { id, school: school.name }
			});
		});
}

/** A teacher takes a submitted request back to a draft (before it is reviewed). */
export async function withdraw(actor: Actor, id: number): Promise<void> {
	const row = await guard(actor, id, 'request.withdraw');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			await transition(
				trx,
				id,
				'withdraw',
				{ actorId: actor.id, from: row.status, to: requestLifecycle.withdraw.to },
				{ submittedAt: null }
			);
		});
}

/**
 * A coordinator decides every line: approved ≤ requested, and any cut needs a reason. All lines
 * in full → approved; all at 0 → rejected (the review note, required, is the reason); else
 * partially approved.
 */
export async function review(actor: Actor, id: number, input: ReviewInput): Promise<RequestStatus> {
	const row = await guard(actor, id, 'request.review');
	const note = (input.note ?? '').trim();
	if (note.length > LIMITS.note || MARKUP.test(note))
		throw new RuleViolation(m.error_invalid(), 'reviewNote');
	return getDb()
		.transaction()
		.execute(async (trx) => {
			const lines = await trx
				.selectFrom('requestLine')
				.select(['id', 'quantityRequested'])
				.where('requestId', '=', id)
				.orderBy('position')
				.execute();
			const decisions = new Map(input.lines.map((d) => [d.lineId, d]));
			const allZero = input.lines.every((d) => d.approved === 0);
			if (allZero && note.length === 0)
				throw new RuleViolation(m.req_error_reject_reason(), 'reviewNote');
			let full = true;
			let approvedTotal = 0;
			let requestedTotal = 0;
			for (const line of lines) {
				const d = decisions.get(line.id);
				if (!d) throw new RuleViolation(m.error_required(), `approved_${line.id}`);
				if (!Number.isInteger(d.approved) || d.approved < 0)
					throw new RuleViolation(m.error_whole_number(), `approved_${line.id}`);
				if (d.approved > line.quantityRequested)
					throw new RuleViolation(
						m.req_error_approved_over({ requested: line.quantityRequested }),
						`approved_${line.id}`
					);
				const lineNote = (d.note ?? '').trim();
				if (lineNote.length > LIMITS.note || MARKUP.test(lineNote))
					throw new RuleViolation(m.error_invalid(), `note_${line.id}`);
				if (d.approved < line.quantityRequested) {
					full = false;
					if (lineNote.length === 0 && !allZero)
						throw new RuleViolation(m.req_error_cut_reason(), `note_${line.id}`);
				}
				approvedTotal += d.approved;
				requestedTotal += line.quantityRequested;
			}
			if (input.lines.some((d) => !lines.some((l) => l.id === d.lineId))) throw new NotFound();
			// One of the review's outcomes (the transition holds it to the lifecycle).
			const to: RequestStatus = allZero ? 'rejected' : full ? 'approved' : 'partially_approved';
			await transition(
				trx,
				id,
				'review',
				{ actorId: actor.id, from: row.status, to, reason: note || null },
				{ reviewedAt: time.now(), reviewedBy: actor.id, reviewNote: note }
			);
			for (const line of lines) {
				const d = decisions.get(line.id)!;
				await trx
					.updateTable('requestLine')
					.set({
						quantityApproved: d.approved,
						reviewNote: (d.note ?? '').trim() || (d.approved < line.quantityRequested ? note : '')
					})
					.where('id', '=', line.id)
					.execute();
			}
			const teachers = await recipients(trx, { role: 'teacher', schoolId: row.schoolId });
			const { createdBy } = await trx
				.selectFrom('supplyRequest')
				.select('createdBy')
				.where('id', '=', id)
				.executeTakeFirstOrThrow();
			await notify(trx, [...teachers, createdBy], {
				kind: 'request_reviewed',
				subject: SUBJECT,
				subjectId: id,
				params: { id, approved: approvedTotal, requested: requestedTotal }
			});
			return to;
		});
}

/** A coordinator closes a delivered request. */
export async function close(actor: Actor, id: number, reason = ''): Promise<void> {
	const row = await guard(actor, id, 'request.close');
	if (reason.length > LIMITS.note || MARKUP.test(reason))
		throw new RuleViolation(m.error_invalid(), 'reason');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			await transition(trx, id, 'close', {
				actorId: actor.id,
				from: row.status,
				to: requestLifecycle.close.to,
				reason: reason || null
			});
		});
}

// ---- Driven by shipments (called inside the shipment's transaction) ----

/**
 * The first shipment for an approved request: approved | partially approved → fulfilling.
 * Returns true if it moved; already fulfilling is fine; any other state is a Conflict.
 */
export async function markFulfilling(
	trx: Trx,
	requestId: number,
	actorId: number
): Promise<boolean> {
	const row = await trx
		.selectFrom('supplyRequest')
		.select('status')
		.where('id', '=', requestId)
		.executeTakeFirst();
	if (!row) throw new NotFound();
	if (row.status === requestLifecycle.fulfil.to) return false;
	if (!isIn(row.status, requestLifecycle.fulfil.from)) throw stateConflict(row.status);
	await transition(trx, requestId, 'fulfil', {
		actorId,
		from: row.status,
		to: requestLifecycle.fulfil.to
	});
	return true;
}

/**
 * After receipts change: a request whose every approved line has been received in full becomes
 * delivered. Returns true if it moved.
 */
export async function recomputeDelivery(
	trx: Trx,
	requestId: number,
	actorId: number
): Promise<boolean> {
	const row = await trx
		.selectFrom('supplyRequest')
		.select('status')
		.where('id', '=', requestId)
		.executeTakeFirst();
	if (!row) throw new NotFound();
	if (!isIn(row.status, requestLifecycle.deliver.from)) return false;
	const result = await trx
		.updateTable('supplyRequest')
		.set({ status: requestLifecycle.deliver.to, deliveredAt: time.now(), updatedAt: time.now() })
		.where('id', '=', requestId)
		.where('status', '=', row.status)
		.where(({ exists, not, selectFrom }) =>
			not(
				exists(
					selectFrom('requestLine')
						.select(sql`1`.as('one'))
						.whereRef('requestLine.requestId', '=', 'supplyRequest.id')
						.where('requestLine.quantityApproved', '>', 0)
						.whereRef('requestLine.quantityReceived', '<', 'requestLine.quantityApproved')
				)
			)
		)
		.where(({ exists, selectFrom }) =>
			exists(
				selectFrom('requestLine')
					.select(sql`1`.as('one'))
					.whereRef('requestLine.requestId', '=', 'supplyRequest.id')
					.where('requestLine.quantityApproved', '>', 0)
			)
		)
		.executeTakeFirst();
	if (Number(result.numUpdatedRows) === 0) return false;
	await audit.record(trx, {
		actorId,
		subject: SUBJECT,
		subjectId: requestId,
		action: 'deliver',
		from: row.status,
		to: requestLifecycle.deliver.to
	});
	return true;
}

// ---- Reading ----

export interface RequestSummary {
	id: number;
	schoolId: number;
	schoolName: string;
	purpose: string;
	neededBy: string;
	status: RequestStatus;
	/** How many lines (items) it asks for; quantities aren't summed, being in different units. */
	lineCount: number;
	updatedAt: number;
}

export interface ListFilter {
	status?: StatusFilter;
	page?: number;
}

/** The default filter: coordinators start at what waits for their review. */
export function defaultStatusFilter(actor: Actor): StatusFilter {
	return can(actor, 'request.reviewQueue') ? requestLifecycle.review.from[0] : 'all';
}

/** A teacher's school's requests, or (coordinator) every school's, a page at a time. */
export async function list(actor: Actor, filter: ListFilter = {}): Promise<Paged<RequestSummary>> {
	const status = filter.status ?? defaultStatusFilter(actor);
	const page = filter.page ?? 1;
	requireRole(actor, 'request.list');
	let query = getDb().selectFrom('supplyRequest').where(scopes.request(actor));
	if (status !== 'all') query = query.where('supplyRequest.status', '=', status);
	const { total } = await query
		.select((eb) => eb.fn.countAll<number>().as('total'))
		.executeTakeFirstOrThrow();
	const items = await query
		.innerJoin('school', 'school.id', 'supplyRequest.schoolId')
		.select((eb) => [
			'supplyRequest.id',
			'supplyRequest.schoolId',
			'school.name as schoolName',
			'supplyRequest.purpose',
			'supplyRequest.neededBy',
			'supplyRequest.status',
			'supplyRequest.updatedAt',
			eb
				.selectFrom('requestLine')
				.whereRef('requestLine.requestId', '=', 'supplyRequest.id')
				.select((l) => l.fn.countAll<number>().as('n'))
				.as('lineCount')
		])
		.orderBy('supplyRequest.updatedAt', 'desc')
		.orderBy('supplyRequest.id', 'desc')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return paged(
		items.map((r) => ({
			...r,
			lineCount: Number(r.lineCount ?? 0)
		})),
		Number(total),
		page
	);
}

export interface LineView {
	id: number;
	position: number;
	catalogItemId: number | null;
	itemName: string | null;
	category: Category | null;
	unit: string | null;
	description: string;
	reason: string;
	quantityRequested: number;
	quantityApproved: number | null;
	reviewNote: string;
	quantityPledged: number;
	quantityAllocated: number;
	quantityShipped: number;
	quantityReceived: number;
}

export interface RequestView {
	/** Who this view was made for: the school and staff, or a sponsor (no people, no notes). */
	audience: 'internal';
	id: number;
	schoolId: number;
	schoolName: string;
	createdBy: number;
	createdByName: string;
	purpose: string;
	neededBy: string;
	status: RequestStatus;
	/** Delivered (or later): what a school thanks sponsors for. */
	delivered: boolean;
	reviewNote: string;
	reviewedByName: string | null;
	submittedAt: number | null;
	reviewedAt: number | null;
	deliveredAt: number | null;
	createdAt: number;
	updatedAt: number;
	lines: LineView[];
	/**
	 * Progress counted in lines, since a request's lines are counted in different units (20 packs
	 * and 5 boxes are not 25 of anything): how many lines there are, how many were approved, and
	 * how many of those are covered (pledged or set aside), shipped and received in full.
	 */
	totals: {
		lines: number;
		approved: number;
		covered: number;
		shipped: number;
		received: number;
	};
	history: Awaited<ReturnType<typeof audit.history>>;
	/** What this actor may do to it now. */
	can: Record<'edit' | 'submit' | 'withdraw' | 'delete' | 'review' | 'close' | 'thank', boolean>;
}

/**
 * What a sponsor sees of a request: the school, the need and its outcome. No teacher's or
 * reviewer's name or id, no review notes, and a history of what happened, not who did it or why.
 */
export interface SponsorRequestView extends Omit<
	RequestView,
	'audience' | 'createdBy' | 'createdByName' | 'reviewedByName' | 'reviewNote' | 'lines' | 'history'
> {
	audience: 'sponsor';
	lines: Omit<LineView, 'reviewNote'>[];
	history: audit.OutsideHistoryEntry[];
}

export function forSponsor(view: RequestView): SponsorRequestView {
	const {
		audience: _audience,
		createdBy: _createdBy,
		createdByName: _createdByName,
		reviewedByName: _reviewedByName,
		reviewNote: _reviewNote,
		lines,
		history,
		...rest
	} = view;
	return {
		...rest,
		audience: 'sponsor',
		lines: lines.map(({ reviewNote: _note, ...line }) => line),
		history: audit.withoutPeople(history)
	};
}

/** One request with its lines, their progress and its history, as the actor may see it. */
export async function get(actor: Actor, id: number): Promise<RequestView | SponsorRequestView> {
	const full = await getInternal(actor, id);
	return can(actor, 'request.viewInternal', full.facts) ? full.view : forSponsor(full.view);
}

/** The whole request, for the school's teachers and staff (editing a draft, the demo). */
export async function getForSchool(actor: Actor, id: number): Promise<RequestView> {
	const { facts, view } = await getInternal(actor, id);
	if (!can(actor, 'request.viewInternal', facts)) throw new NotFound();
	return view;
}

async function getInternal(actor: Actor, id: number) {
	const facts = await requireAccess(actor, 'request.view', id);
	const db = getDb();
	const request = await db
		.selectFrom('supplyRequest')
		.innerJoin('school', 'school.id', 'supplyRequest.schoolId')
		.innerJoin('user as creator', 'creator.id', 'supplyRequest.createdBy')
		.leftJoin('user as reviewer', 'reviewer.id', 'supplyRequest.reviewedBy')
		.selectAll('supplyRequest')
		.select([
			'school.name as schoolName',
			'creator.displayName as createdByName',
			'reviewer.displayName as reviewedByName'
		])
		.where('supplyRequest.id', '=', id)
		.executeTakeFirst();
	if (!request) throw new NotFound();
	const lines = await db
		.selectFrom('requestLine')
		.leftJoin('catalogItem', 'catalogItem.id', 'requestLine.catalogItemId')
		.select([
			'requestLine.id',
			'requestLine.position',
			'requestLine.catalogItemId',
			itemNameColumn().as('itemName'),
			'catalogItem.category',
			unitLabelColumn().as('unit'),
			'requestLine.description',
			'requestLine.reason',
			'requestLine.quantityRequested',
			'requestLine.quantityApproved',
			'requestLine.reviewNote',
			'requestLine.quantityPledged',
			'requestLine.quantityAllocated',
			'requestLine.quantityShipped',
			'requestLine.quantityReceived'
		])
		.where('requestLine.requestId', '=', id)
		.orderBy('requestLine.position')
		.execute();
	const approvedLines = lines.filter((l) => (l.quantityApproved ?? 0) > 0);
	const inFull = (f: (l: LineView) => number) =>
		approvedLines.filter((l) => f(l) >= (l.quantityApproved ?? 0)).length;
	const may = (action: RequestAction) => can(actor, action, facts);
	const view: RequestView = {
		...request,
		audience: 'internal',
		delivered: isIn(request.status, THANKABLE),
		lines,
		totals: {
			lines: lines.length,
			approved: approvedLines.length,
			covered: inFull((l) => l.quantityPledged + l.quantityAllocated),
			shipped: inFull((l) => l.quantityShipped),
			received: inFull((l) => l.quantityReceived)
		},
		history: await audit.history(SUBJECT, id),
		can: {
			edit: may('request.edit'),
			submit: may('request.submit'),
			withdraw: may('request.withdraw'),
			delete: may('request.delete'),
			review: may('request.review'),
			close: may('request.close'),
			// A delivered request can be thanked for by its school's teachers.
			thank: isIn(request.status, THANKABLE) && can(actor, 'thanks.create', { id: facts.schoolId })
		}
	};
	return { facts, view };
}

/** Today's date in the program's time zone, for a form's `min`. */
export { today };
