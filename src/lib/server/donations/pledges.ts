import { itemNameColumn, unitLabelColumn } from './names';
import { sql, type Selectable, type SelectQueryBuilder, type Transaction } from 'kysely';
import { m } from '$lib/paraglide/messages.js';
import {
	can,
	decide,
	filterAccess,
	requireAccess,
	requireRole,
	scopes,
	type Actor
} from '../access';
import { coverNeed } from './cover';
import { isIn, pledgeLifecycle, requestLifecycle, targets } from './lifecycles';
import * as audit from '../audit';
import { getDb } from '../db';
import { countUpTo } from '../db/count';
import { tableIndexedBy } from '../db/dialect';
import {
	CATEGORIES,
	type Category,
	type Database,
	type PledgeStatus,
	type RequestStatus,
	type SupplyRequestTable
} from '../db/schema';
import { Conflict, NotFound, RuleViolation } from '../errors';
import { notify, recipients } from '../notifications/notify';
import * as requests from './requests';
import { isQuantity } from './supply-input';
import { COUNTED_PAGES, paged, PAGE_SIZE, pagedUpTo, type Paged } from '../input';
import * as time from '../time';

/** Request states in which an approved line can still be pledged or allocated to. */
export const PLEDGEABLE: readonly RequestStatus[] = requestLifecycle.cover.from;

/**
 * A request whose lines may still be covered, and a line still open, written as the partial
 * indexes of migration 2026-12-03-02 write them (literal values: a bound parameter can't be proven
 * to match an index's WHERE, so SQLite would scan every line instead).
 */
export const PLEDGEABLE_REQUEST = sql<boolean>`supply_request.status in (${sql.join(PLEDGEABLE.map((s) => sql.lit(s)))})`;
export const OPEN_LINE = sql<boolean>`request_line.quantity_approved - request_line.quantity_pledged - request_line.quantity_allocated > 0`;

/**
 * The requests that may still be covered, as a FROM item named `supply_request`, read in needed-by
 * order through `supply_request_pledgeable_idx`. Joined to their open lines and the stock on the
 * shelf, SQLite's planner otherwise takes the status index and sorts every open line for one page
 * (30 ms against 0.1 ms on the large data; bench/CUTS.md), so the index is named.
 */
export function pledgeableRequests() {
	return sql<
		Selectable<SupplyRequestTable>
	>`(select * from ${tableIndexedBy('supply_request', 'supply_request_pledgeable_idx')} where ${PLEDGEABLE_REQUEST})`.as(
		'supplyRequest'
	);
}

export const NOTE_MAX = 500;

/** An approved line with quantity still open, as a sponsor browses it. */
export interface Need {
	lineId: number;
	requestId: number;
	schoolId: number;
	schoolName: string;
	village: string;
	purpose: string;
	neededBy: string;
	catalogItemId: number | null;
	itemName: string;
	category: Category;
	unit: string;
	unitValueFen: number;
	reason: string;
	approved: number;
	pledged: number;
	allocated: number;
	shipped: number;
	received: number;
	open: number;
}

export interface NeedFilter {
	schoolId?: number | null;
	category?: Category | null;
	page?: number;
}

/** The open lines the actor may see, of requests that may still be covered. */
function openLines(actor: Actor) {
	return getDb()
		.selectFrom('requestLine')
		.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
		.where(scopes.request(actor))
		.where(PLEDGEABLE_REQUEST)
		.where(OPEN_LINE);
}

const needColumns = [
	'requestLine.id as lineId',
	'requestLine.requestId',
	'supplyRequest.schoolId',
	'school.name as schoolName',
	'school.village',
	'supplyRequest.purpose',
	'supplyRequest.neededBy',
	'requestLine.catalogItemId',
	'requestLine.reason',
	'requestLine.quantityPledged as pledged',
	'requestLine.quantityAllocated as allocated',
	'requestLine.quantityShipped as shipped',
	'requestLine.quantityReceived as received'
] as const;

/** Approved lines whose quantity is not yet covered, soonest needed first. */
export async function listNeeds(actor: Actor, filter: NeedFilter = {}): Promise<Paged<Need>> {
	requireRole(actor, 'need.browse');
	const page = Math.min(filter.page ?? 1, COUNTED_PAGES);
	// Counted without the school and item each line joins for the page's rows (one of each), and
	// only as far as the pager goes: a large program has tens of thousands of open lines.
	let lines = filter.category ? openLinesIn(actor, filter.category) : openLines(actor);
	if (filter.schoolId) lines = lines.where('supplyRequest.schoolId', '=', filter.schoolId);
	const counted = await countUpTo(lines);
	const rows = await lines
		.innerJoin('school', 'school.id', 'supplyRequest.schoolId')
		.leftJoin('catalogItem', 'catalogItem.id', 'requestLine.catalogItemId')
		.select(needColumns)
		.select([
			sql<string>`coalesce(${itemNameColumn()}, request_line.description)`.as('itemName'),
			sql<Category>`coalesce(catalog_item.category, 'other')`.as('category'),
			sql<string>`coalesce(${unitLabelColumn()}, '')`.as('unit'),
			sql<number>`coalesce(catalog_item.unit_value_fen, 0)`.as('unitValueFen'),
			sql<number>`coalesce(request_line.quantity_approved, 0)`.as('approved'),
			sql<number>`request_line.quantity_approved - request_line.quantity_pledged - request_line.quantity_allocated`.as(
				'open'
			)
		])
		.orderBy('supplyRequest.neededBy')
		.orderBy('requestLine.requestId')
		.orderBy('requestLine.position')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return pagedUpTo(rows, counted, page);
}

/**
 * The schools and categories that have open needs, for the filter selects. Each school (a few
 * hundred) and each category (a handful) is asked whether it has one: the first open line found
 * through the indexes answers, instead of reading every open line (tens of thousands on a large
 * program) to keep the distinct ones.
 */
export async function needFilters(actor: Actor) {
	requireRole(actor, 'need.browse');
	const db = getDb();
	const one = sql.lit(1).as('one');
	const schools = await db
		.selectFrom('school')
		.select(['school.id', 'school.name'])
		.where(({ exists }) =>
			exists(
				openLines(actor)
					.select(one)
					.where('supplyRequest.schoolId', '=', sql.ref<number>('school.id'))
			)
		)
		.orderBy('school.name')
		.execute();
	// One row: for each category, whether an open line is in it.
	const has = await db
		.selectNoFrom(({ exists }) =>
			CATEGORIES.map((category) => exists(openLinesIn(actor, category).select(one)).as(category))
		)
		.executeTakeFirstOrThrow();
	const record = has as Record<Category, number | boolean>;
	return { schools, categories: CATEGORIES.filter((c) => Boolean(record[c])) };
}

/** The open lines of one category: a line without a catalog item is "other". */
function openLinesIn(actor: Actor, category: Category) {
	const db = getDb();
	const inCategory = db
		.selectFrom('catalogItem')
		.select('catalogItem.id')
		.where('catalogItem.category', '=', category);
	if (category !== 'other')
		return openLines(actor).where('requestLine.catalogItemId', 'in', inCategory);
	return openLines(actor).where(({ or, eb }) =>
		or([
			eb('requestLine.catalogItemId', 'is', null),
			eb('requestLine.catalogItemId', 'in', inCategory)
		])
	);
}

export interface PledgeInput {
	lineId: number;
	quantity: number;
	note?: string;
}

async function lineFacts(lineId: number) {
	return getDb()
		.selectFrom('requestLine')
		.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
		.leftJoin('catalogItem', 'catalogItem.id', 'requestLine.catalogItemId')
		.select([
			'requestLine.id',
			'requestLine.requestId',
			'supplyRequest.schoolId',
			'supplyRequest.status',
			sql<string>`coalesce(${itemNameColumn('catalog_item', 'zh-CN')}, request_line.description)`.as(
				'itemZh'
			),
			sql<string>`coalesce(${itemNameColumn('catalog_item', 'en')}, request_line.description)`.as(
				'itemEn'
			)
		])
		.where('requestLine.id', '=', lineId)
		.executeTakeFirst();
}

/**
 * Pledges part or all of a line's open quantity for the sponsor's organisation. The database
 * settles races: the line's covered quantity only grows while it stays within what was approved.
 */
export async function create(actor: Actor, input: PledgeInput): Promise<number> {
	requireRole(actor, 'need.browse');
	const line = Number.isSafeInteger(input.lineId) ? await lineFacts(input.lineId) : undefined;
	if (!line) throw new NotFound();
	await requireAccess(actor, 'pledge.create', line.requestId, {
		conflict: () => new Conflict(m.supply_need_closed(), 'quantity')
	});
	if (!isQuantity(input.quantity)) throw new RuleViolation(m.error_whole_number(), 'quantity');
	const note = (input.note ?? '').trim();
	if (note.length > NOTE_MAX) throw new RuleViolation(m.error_too_long({ max: NOTE_MAX }), 'note');
	const organisationId = actor.organisationId!;
	const q = input.quantity;

	return getDb()
		.transaction()
		.execute(async (trx) => {
			const covered = await coverNeed(trx, line.id, 'pledged', q);
			if (!covered.ok) {
				if (covered.open === 0) throw new Conflict(m.supply_pledge_none_open(), 'quantity');
				throw new Conflict(m.supply_pledge_too_much({ open: covered.open }), 'quantity');
			}
			const pledge = await trx
				.insertInto('pledge')
				.values({
					requestLineId: line.id,
					organisationId,
					pledgedBy: actor.id,
					quantity: q,
					status: pledgeLifecycle.create.to,
					note,
					createdAt: time.now(),
					cancelledAt: null
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await audit.record(trx, {
				actorId: actor.id,
				subject: 'pledge',
				subjectId: pledge.id,
				action: 'create',
				to: pledgeLifecycle.create.to,
				reason: note || null
			});
			await markFulfilling(trx, line.requestId, actor.id);
			const organisation = await trx
				.selectFrom('organisation')
				.select('name')
				.where('id', '=', organisationId)
				.executeTakeFirst();
			await notify(trx, await recipients(trx, { role: 'teacher', schoolId: line.schoolId }), {
				kind: 'pledge_received',
				subject: 'request',
				subjectId: line.requestId,
				// Both names: each teacher reads the item in their own language.
				params: {
					organisation: organisation?.name ?? '',
					itemZh: line.itemZh,
					itemEn: line.itemEn,
					quantity: q
				}
			});
			return pledge.id;
		});
}

/**
 * Moves an approved request to `fulfilling` once something covers it (its first pledge or
 * allocation); the requests module owns the transition and its audit entry.
 */
export function markFulfilling(
	trx: Transaction<Database>,
	requestId: number,
	actorId: number | null
): Promise<boolean> {
	// The audit trail accepts a missing actor (a system change); requests types it as a user id.
	return requests.markFulfilling(trx, requestId, actorId as number);
}

async function pledgeFacts(pledgeId: number) {
	if (!Number.isSafeInteger(pledgeId)) return undefined;
	return getDb()
		.selectFrom('pledge')
		.innerJoin('requestLine', 'requestLine.id', 'pledge.requestLineId')
		.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
		.select([
			'pledge.id',
			'pledge.organisationId',
			'pledge.status',
			'pledge.quantity',
			'pledge.requestLineId',
			'supplyRequest.schoolId'
		])
		.where('pledge.id', '=', pledgeId)
		.executeTakeFirst();
}

/** Cancels an active pledge before it ships; its quantity returns to the line's open need. */
export async function cancel(actor: Actor, pledgeId: number, reason = ''): Promise<void> {
	await requireAccess(actor, 'pledge.cancel', pledgeId, {
		conflict: () => new Conflict(m.supply_pledge_not_active())
	});
	const pledge = await pledgeFacts(pledgeId);
	if (!pledge) throw new NotFound();
	const why = reason.trim();
	if (why.length > NOTE_MAX) throw new RuleViolation(m.error_too_long({ max: NOTE_MAX }), 'reason');

	await getDb()
		.transaction()
		.execute(async (trx) => {
			const cancelled = await move(trx, pledge.id, 'cancel', actor.id, {
				reason: why || null,
				cancelledAt: time.now()
			});
			if (!cancelled) throw new Conflict(m.supply_pledge_not_active());
			await trx
				.updateTable('requestLine')
				.set((eb) => ({ quantityPledged: eb('quantityPledged', '-', pledge.quantity) }))
				.where('id', '=', pledge.requestLineId)
				.execute();
		});
}

type Step = keyof typeof pledgeLifecycle;

/**
 * Moves a pledge by one step of its lifecycle, if it is in one of the step's from-states and still
 * in it when the update runs (the DB settles races), and records the step under its name. Returns
 * whether it moved.
 */
async function move(
	trx: Transaction<Database>,
	pledgeId: number,
	step: Step,
	actorId: number | null,
	options: { reason?: string | null; cancelledAt?: number } = {}
): Promise<boolean> {
	const { from: states, to } = pledgeLifecycle[step];
	const row = await trx
		.selectFrom('pledge')
		.select('status')
		.where('id', '=', pledgeId)
		.executeTakeFirst();
	if (!row || !isIn(row.status, states)) return false;
	const from = row.status;
	const moved = await trx
		.updateTable('pledge')
		.set({
			status: to,
			...(options.cancelledAt !== undefined ? { cancelledAt: options.cancelledAt } : {})
		})
		.where('id', '=', pledgeId)
		.where('status', '=', from)
		.executeTakeFirst();
	if (Number(moved.numUpdatedRows) === 0) return false;
	await audit.record(trx, {
		actorId,
		subject: 'pledge',
		subjectId: pledgeId,
		action: step,
		from,
		to,
		reason: options.reason
	});
	return true;
}

async function moveOrConflict(
	trx: Transaction<Database>,
	pledgeId: number,
	step: Step,
	actorId: number | null
): Promise<void> {
	if (!(await move(trx, pledgeId, step, actorId))) throw new Conflict(m.supply_pledge_not_active());
}

/** For shipments: a pledge leaves with a shipment (active → shipped); it can no longer be cancelled. */
export function markShipped(
	trx: Transaction<Database>,
	pledgeId: number,
	actorId: number | null = null
) {
	return moveOrConflict(trx, pledgeId, 'ship', actorId);
}

/** For receipts: the school confirmed the pledge's shipment (shipped → delivered). */
export function markDelivered(
	trx: Transaction<Database>,
	pledgeId: number,
	actorId: number | null = null
) {
	return moveOrConflict(trx, pledgeId, 'deliver', actorId);
}

/**
 * For receipts: nothing of the pledge arrived and its quantity went back to the need, so it is
 * withdrawn (shipped or active → cancelled). Returns whether it moved.
 */
export function withdraw(
	trx: Transaction<Database>,
	pledgeId: number,
	actorId: number,
	reason: string
): Promise<boolean> {
	return move(trx, pledgeId, 'withdraw', actorId, { reason, cancelledAt: time.now() });
}

export interface PledgeRow {
	id: number;
	quantity: number;
	status: PledgeStatus;
	note: string;
	createdAt: number;
	cancelledAt: number | null;
	organisationName: string;
	pledgedByName: string;
	requestId: number;
	lineId: number;
	schoolName: string;
	itemName: string;
	unit: string;
	approved: number;
	pledged: number;
	allocated: number;
	shipped: number;
	received: number;
	/** May the viewer cancel it now (their organisation's, still active)? */
	canCancel: boolean;
}

/** Pledges with their line, request, school, organisation and pledger: each has exactly one. */
function pledgeRows(
	pledges: SelectQueryBuilder<Database, 'pledge', object> = getDb().selectFrom('pledge')
) {
	return pledges
		.innerJoin('requestLine', 'requestLine.id', 'pledge.requestLineId')
		.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
		.innerJoin('school', 'school.id', 'supplyRequest.schoolId')
		.innerJoin('organisation', 'organisation.id', 'pledge.organisationId')
		.innerJoin('user', 'user.id', 'pledge.pledgedBy')
		.leftJoin('catalogItem', 'catalogItem.id', 'requestLine.catalogItemId');
}

/** A pledge row's columns; a function, since the item's name and unit are read in the request's locale. */
const pledgeColumns = () =>
	[
		'pledge.id',
		'pledge.quantity',
		'pledge.status',
		'pledge.note',
		'pledge.createdAt',
		'pledge.cancelledAt',
		'organisation.name as organisationName',
		'user.displayName as pledgedByName',
		'supplyRequest.id as requestId',
		'requestLine.id as lineId',
		'school.name as schoolName',
		'requestLine.quantityPledged as pledged',
		'requestLine.quantityAllocated as allocated',
		'requestLine.quantityShipped as shipped',
		'requestLine.quantityReceived as received',
		sql<string>`coalesce(${itemNameColumn()}, request_line.description)`.as('itemName'),
		sql<string>`coalesce(${unitLabelColumn()}, '')`.as('unit'),
		sql<number>`coalesce(request_line.quantity_approved, 0)`.as('approved')
	] as const;

/**
 * An organisation's pledges, newest first, with their line's progress. A sponsor sees their own
 * organisation's; a coordinator every organisation's, or one's when given.
 */
export async function list(
	actor: Actor,
	options: { organisationId?: number | null; status?: PledgeStatus | null; page?: number } = {}
): Promise<Paged<PledgeRow>> {
	requireRole(actor, 'pledge.list');
	// Only someone who sees every organisation's pledges narrows them to one.
	const organisationId = can(actor, 'pledge.listAll') ? (options.organisationId ?? null) : null;
	const page = options.page ?? 1;
	// Which pledges: the pledge table alone decides (every join below adds one row to each).
	let chosen = getDb().selectFrom('pledge').where(scopes.pledge(actor));
	if (organisationId !== null) chosen = chosen.where('pledge.organisationId', '=', organisationId);
	if (options.status) chosen = chosen.where('pledge.status', '=', options.status);
	const total = await chosen
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const items = await pledgeRows(chosen)
		.select(pledgeColumns())
		.orderBy('pledge.createdAt', 'desc')
		.orderBy('pledge.id', 'desc')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	const cancellable = await filterAccess(
		actor,
		'pledge.cancel',
		items.map((p) => p.id)
	);
	return paged(
		items.map((p) => ({ ...p, canCancel: cancellable.has(p.id) })),
		Number(total.n),
		page
	);
}

/** One pledge, for the cancel confirmation; another organisation's looks absent. */
/** One pledge as its viewer sees it, with its history. */
export interface PledgeDetail extends PledgeRow {
	/** The viewer may cancel pledges, but this one has gone past the point (shipped, delivered). */
	cancelTooLate: boolean;
	/** Staff see who did each step and why; a sponsor sees what happened and when. */
	history: audit.HistoryEntry[] | audit.OutsideHistoryEntry[];
}

export async function get(actor: Actor, pledgeId: number): Promise<PledgeDetail> {
	const facts = await requireAccess(actor, 'pledge.view', pledgeId);
	const row = await pledgeRows()
		.select(pledgeColumns())
		.where('pledge.id', '=', pledgeId)
		.executeTakeFirstOrThrow();
	const history = await audit.history('pledge', pledgeId);
	const cancel = decide(actor, 'pledge.cancel', facts);
	return {
		...row,
		canCancel: cancel === 'allowed',
		cancelTooLate: cancel === 'state' && !isIn(row.status, targets(pledgeLifecycle.cancel)),
		history: can(actor, 'pledge.viewInternal') ? history : audit.withoutPeople(history)
	};
}
