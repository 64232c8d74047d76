import { sql, type Transaction } from 'kysely';
import { m } from '$lib/paraglide/messages.js';
import type { Actor } from '../access/policy';
import { authorize } from '../access/authorize';
import * as audit from '../audit';
import { getDb } from '../db';
import { least } from '../db/dialect';
import type { Category, Database, StockMovementKind } from '../db/schema';
import { Conflict, NotFound, RuleViolation } from '../errors';
import { coverNeed } from './cover';
import { markFulfilling, OPEN_LINE, pledgeableRequests } from './pledges';
import { isQuantity, MAX_QUANTITY } from './supply-input';
import { countUpTo } from '../db/count';
import { COUNTED_PAGES, paged, PAGE_SIZE, pagedUpTo, type Paged } from '../input';
import * as time from '../time';
import { itemNameColumn, unitLabel, unitLabelColumn } from './names';

/*
 * The storeroom's ledger. Every movement is one append-only `stock_movement` row plus a change to
 * `stock_level` in the same transaction. The running totals are, per item:
 *   on_hand   = Σ received + Σ adjusted + Σ shipped        (shipped rows are negative)
 *   allocated = Σ allocated + Σ released + Σ shipped       (released rows are negative)
 * Stock leaves the storeroom only once it is allocated, so a shipment takes from both.
 * Conditional updates settle races; the CHECKs on stock_level are the last line of defence.
 */

export const REASON_MAX = 500;

type Trx = Transaction<Database>;

async function movement(
	trx: Trx,
	row: {
		itemId: number;
		kind: StockMovementKind;
		quantity: number;
		actorId: number;
		organisationId?: number | null;
		requestLineId?: number | null;
		shipmentId?: number | null;
		reason?: string;
	}
): Promise<number> {
	const inserted = await trx
		.insertInto('stockMovement')
		.values({
			catalogItemId: row.itemId,
			kind: row.kind,
			quantity: row.quantity,
			organisationId: row.organisationId ?? null,
			requestLineId: row.requestLineId ?? null,
			shipmentId: row.shipmentId ?? null,
			reason: row.reason ?? '',
			createdBy: row.actorId,
			createdAt: time.now()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return inserted.id;
}

async function available(trx: Trx, itemId: number): Promise<number> {
	const row = await trx
		.selectFrom('stockLevel')
		.select(sql<number>`on_hand - allocated`.as('available'))
		.where('catalogItemId', '=', itemId)
		.executeTakeFirst();
	return Number(row?.available ?? 0);
}

async function requireItem(itemId: number) {
	const item = Number.isSafeInteger(itemId)
		? await getDb()
				.selectFrom('catalogItem')
				.select(['id', 'active'])
				.where('id', '=', itemId)
				.executeTakeFirst()
		: undefined;
	if (!item) throw new RuleViolation(m.error_choose_one(), 'itemId');
	return item;
}

function cleanReason(reason: string | undefined, required: boolean, field = 'reason'): string {
	const why = (reason ?? '').trim();
	if (required && why.length === 0) throw new RuleViolation(m.error_required(), field);
	if (why.length > REASON_MAX)
		throw new RuleViolation(m.error_too_long({ max: REASON_MAX }), field);
	return why;
}

export interface ReceiveInput {
	itemId: number;
	quantity: number;
	/** The sponsor organisation it came from, if any. */
	organisationId?: number | null;
	note?: string;
}

/** Goods arrive in the storeroom (from a sponsor, when named). */
export async function receive(actor: Actor, input: ReceiveInput): Promise<number> {
	authorize(actor, 'stock.manage');
	await requireItem(input.itemId);
	if (!isQuantity(input.quantity)) throw new RuleViolation(m.error_whole_number(), 'quantity');
	const note = cleanReason(input.note, false, 'note');
	const organisationId = input.organisationId ?? null;
	if (organisationId !== null) {
		const found = Number.isSafeInteger(organisationId)
			? await getDb()
					.selectFrom('organisation')
					.select('id')
					.where('id', '=', organisationId)
					.executeTakeFirst()
			: undefined;
		if (!found) throw new RuleViolation(m.error_choose_one(), 'organisationId');
	}
	return getDb()
		.transaction()
		.execute(async (trx) => {
			await trx
				.insertInto('stockLevel')
				.values({ catalogItemId: input.itemId, onHand: input.quantity, allocated: 0 })
				.onConflict((oc) =>
					oc
						.column('catalogItemId')
						.doUpdateSet((eb) => ({ onHand: eb('stockLevel.onHand', '+', input.quantity) }))
				)
				.execute();
			return movement(trx, {
				itemId: input.itemId,
				kind: 'received',
				quantity: input.quantity,
				actorId: actor.id,
				organisationId,
				reason: note
			});
		});
}

export interface AdjustInput {
	itemId: number;
	/** Signed: +3 found three more, −2 two were damaged. */
	delta: number;
	reason: string;
}

/** A stock-take correction, with its reason. On-hand never drops below what is allocated. */
export async function adjust(actor: Actor, input: AdjustInput): Promise<number> {
	authorize(actor, 'stock.manage');
	await requireItem(input.itemId);
	const delta = input.delta;
	if (
		typeof delta !== 'number' ||
		!Number.isSafeInteger(delta) ||
		delta === 0 ||
		Math.abs(delta) > MAX_QUANTITY
	)
		throw new RuleViolation(m.supply_error_delta(), 'delta');
	const reason = cleanReason(input.reason, true);
	return getDb()
		.transaction()
		.execute(async (trx) => {
			if (delta > 0) {
				await trx
					.insertInto('stockLevel')
					.values({ catalogItemId: input.itemId, onHand: delta, allocated: 0 })
					.onConflict((oc) =>
						oc
							.column('catalogItemId')
							.doUpdateSet((eb) => ({ onHand: eb('stockLevel.onHand', '+', delta) }))
					)
					.execute();
			} else {
				const lowered = await trx
					.updateTable('stockLevel')
					.set((eb) => ({ onHand: eb('onHand', '+', delta) }))
					.where('catalogItemId', '=', input.itemId)
					.where(sql<boolean>`on_hand + ${delta} >= allocated`)
					.executeTakeFirst();
				if (Number(lowered.numUpdatedRows) === 0)
					throw new Conflict(
						m.supply_stock_adjust_too_low({ available: await available(trx, input.itemId) }),
						'delta'
					);
			}
			return movement(trx, {
				itemId: input.itemId,
				kind: 'adjusted',
				quantity: delta,
				actorId: actor.id,
				reason
			});
		});
}

export interface AllocateInput {
	itemId: number;
	requestLineId: number;
	quantity: number;
}

/**
 * Sets stock aside for an approved line's open need, inside the caller's transaction. Both the
 * line's cover and the item's available stock are claimed by conditional updates.
 */
export async function allocateIn(
	trx: Trx,
	input: AllocateInput & { actorId: number }
): Promise<number> {
	const q = input.quantity;
	const line = await trx
		.selectFrom('requestLine')
		.select(['requestId', 'catalogItemId'])
		.where('id', '=', input.requestLineId)
		.executeTakeFirst();
	if (!line) throw new NotFound();
	if (line.catalogItemId !== input.itemId)
		throw new RuleViolation(m.supply_error_other_item(), 'requestLineId');
	const covered = await coverNeed(trx, input.requestLineId, 'allocated', q);
	if (!covered.ok)
		throw new Conflict(m.supply_allocate_too_much({ open: covered.open }), 'quantity');
	const claimed = await trx
		.updateTable('stockLevel')
		.set((eb) => ({ allocated: eb('allocated', '+', q) }))
		.where('catalogItemId', '=', input.itemId)
		.where(sql<boolean>`on_hand - allocated >= ${q}`)
		.executeTakeFirst();
	if (Number(claimed.numUpdatedRows) === 0)
		throw new Conflict(
			m.supply_stock_not_enough({ available: await available(trx, input.itemId) }),
			'quantity'
		);
	const id = await movement(trx, {
		itemId: input.itemId,
		kind: 'allocated',
		quantity: q,
		actorId: input.actorId,
		requestLineId: input.requestLineId
	});
	await markFulfilling(trx, line.requestId, input.actorId);
	return id;
}

/** Allocates stock to an approved line's open need. */
export async function allocate(actor: Actor, input: AllocateInput): Promise<number> {
	authorize(actor, 'stock.manage');
	await requireItem(input.itemId);
	if (!Number.isSafeInteger(input.requestLineId) || input.requestLineId < 1)
		throw new RuleViolation(m.error_choose_one(), 'requestLineId');
	if (!isQuantity(input.quantity)) throw new RuleViolation(m.error_whole_number(), 'quantity');
	return getDb()
		.transaction()
		.execute(async (trx) => {
			const id = await allocateIn(trx, { ...input, actorId: actor.id });
			await audit.record(trx, {
				actorId: actor.id,
				subject: 'request_line',
				subjectId: input.requestLineId,
				action: 'allocate',
				reason: String(input.quantity)
			});
			return id;
		});
}

/** What is set aside for a line and not yet shipped, summed from the ledger (raw SQL, for WHEREs). */
const outstandingFor = (lineId: number, itemId: number) =>
	sql<number>`(select coalesce(sum(quantity), 0) from stock_movement
		where request_line_id = ${lineId} and catalog_item_id = ${itemId}
		and kind in ('allocated', 'released', 'shipped'))`;

/** Stock set aside for a line and not yet shipped, per line and item. */
export async function outstanding(itemId: number, requestLineId: number): Promise<number> {
	const row = await getDb()
		.selectNoFrom(outstandingFor(requestLineId, itemId).as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export interface ReleaseInput {
	itemId: number;
	requestLineId: number;
	quantity: number;
	reason?: string;
}

/** Returns stock set aside for a line to the shelf; the line's need opens again by as much. */
export async function release(actor: Actor, input: ReleaseInput): Promise<number> {
	authorize(actor, 'stock.manage');
	await requireItem(input.itemId);
	if (!Number.isSafeInteger(input.requestLineId) || input.requestLineId < 1)
		throw new RuleViolation(m.error_choose_one(), 'requestLineId');
	if (!isQuantity(input.quantity)) throw new RuleViolation(m.error_whole_number(), 'quantity');
	const reason = cleanReason(input.reason, false);
	const q = input.quantity;
	return getDb()
		.transaction()
		.execute(async (trx) => {
			const freed = await trx
				.updateTable('stockLevel')
				.set((eb) => ({ allocated: eb('allocated', '-', q) }))
				.where('catalogItemId', '=', input.itemId)
				.where('allocated', '>=', q)
				.where(sql<boolean>`${outstandingFor(input.requestLineId, input.itemId)} >= ${q}`)
				.executeTakeFirst();
			if (Number(freed.numUpdatedRows) === 0)
				throw new Conflict(m.supply_release_too_much(), 'quantity');
			const reopened = await trx
				.updateTable('requestLine')
				.set((eb) => ({ quantityAllocated: eb('quantityAllocated', '-', q) }))
				.where('id', '=', input.requestLineId)
				.where('quantityAllocated', '>=', q)
				.executeTakeFirst();
			if (Number(reopened.numUpdatedRows) === 0)
				throw new Conflict(m.supply_release_too_much(), 'quantity');
			const id = await movement(trx, {
				itemId: input.itemId,
				kind: 'released',
				quantity: -q,
				actorId: actor.id,
				requestLineId: input.requestLineId,
				reason
			});
			await audit.record(trx, {
				actorId: actor.id,
				subject: 'request_line',
				subjectId: input.requestLineId,
				action: 'release',
				reason: reason || String(q)
			});
			return id;
		});
}

export interface ShipFromStockInput {
	itemId: number;
	requestLineId: number;
	quantity: number;
	shipmentId: number;
	actorId: number;
}

/**
 * For shipments, inside their transaction: allocated stock leaves the storeroom (on-hand and
 * allocated both drop by the quantity). The request line stays covered; its `quantity_shipped`
 * is the shipment's to count. Throws Conflict when less than that is set aside for the line.
 */
export async function shipFromStock(trx: Trx, input: ShipFromStockInput): Promise<number> {
	const q = input.quantity;
	if (!isQuantity(q)) throw new RuleViolation(m.error_whole_number(), 'quantity');
	const shipped = await trx
		.updateTable('stockLevel')
		.set((eb) => ({ onHand: eb('onHand', '-', q), allocated: eb('allocated', '-', q) }))
		.where('catalogItemId', '=', input.itemId)
		.where('allocated', '>=', q)
		.where('onHand', '>=', q)
		.where(sql<boolean>`${outstandingFor(input.requestLineId, input.itemId)} >= ${q}`)
		.executeTakeFirst();
	if (Number(shipped.numUpdatedRows) === 0)
		throw new Conflict(m.supply_stock_not_allocated(), 'quantity');
	return movement(trx, {
		itemId: input.itemId,
		kind: 'shipped',
		quantity: -q,
		actorId: input.actorId,
		requestLineId: input.requestLineId,
		shipmentId: input.shipmentId
	});
}

export interface StockLevelRow {
	itemId: number;
	name: string;
	category: Category;
	unit: string;
	unitValueFen: number;
	onHand: number;
	allocated: number;
	available: number;
	valueFen: number;
}

/** Every item the storeroom has held: on-hand, allocated, available and its estimated value. */
export async function levels(
	actor: Actor,
	options: { category?: Category | null; page?: number } = {}
): Promise<Paged<StockLevelRow>> {
	authorize(actor, 'stock.view');
	const page = options.page ?? 1;
	let query = getDb()
		.selectFrom('stockLevel')
		.innerJoin('catalogItem', 'catalogItem.id', 'stockLevel.catalogItemId');
	if (options.category) query = query.where('catalogItem.category', '=', options.category);
	const total = await query
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const items = await query
		.select([
			'catalogItem.id as itemId',
			itemNameColumn().as('name'),
			'catalogItem.category',
			unitLabelColumn().as('unit'),
			'catalogItem.unitValueFen',
			'stockLevel.onHand',
			'stockLevel.allocated',
			sql<number>`stock_level.on_hand - stock_level.allocated`.as('available'),
			sql<number>`stock_level.on_hand * catalog_item.unit_value_fen`.as('valueFen')
		])
		.orderBy('catalogItem.category')
		.orderBy(itemNameColumn())
		.orderBy('catalogItem.id')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return paged(items, Number(total.n), page);
}

export interface StockTotals {
	/** Distinct items the storeroom holds any of. */
	items: number;
	/** What is on the shelves, in yuan (fen): the one sum that adds across items. */
	valueFen: number;
	/** What is set aside for schools, in fen. */
	allocatedValueFen: number;
	/**
	 * Quantities per unit, never added across units (20 packs and 5 boxes are not "25"): on hand,
	 * allocated, and how many items are counted in that unit. The unit is labelled for the reader.
	 */
	byUnit: { unit: string; label: string; items: number; onHand: number; allocated: number }[];
}

/** Totals across the storeroom: its value, and counts per unit. */
export async function totals(actor: Actor): Promise<StockTotals> {
	authorize(actor, 'stock.view');
	const rows = await getDb()
		.selectFrom('stockLevel')
		.innerJoin('catalogItem', 'catalogItem.id', 'stockLevel.catalogItemId')
		.where('stockLevel.onHand', '>', 0)
		.select([
			'catalogItem.unit',
			(eb) => eb.fn.countAll<number>().as('items'),
			sql<number>`sum(stock_level.on_hand)`.as('onHand'),
			sql<number>`sum(stock_level.allocated)`.as('allocated'),
			sql<number>`sum(stock_level.on_hand * catalog_item.unit_value_fen)`.as('valueFen'),
			sql<number>`sum(stock_level.allocated * catalog_item.unit_value_fen)`.as('allocatedValueFen')
		])
		.groupBy('catalogItem.unit')
		.orderBy('catalogItem.unit')
		.execute();
	return {
		items: rows.reduce((n, r) => n + Number(r.items), 0),
		valueFen: rows.reduce((n, r) => n + Number(r.valueFen), 0),
		allocatedValueFen: rows.reduce((n, r) => n + Number(r.allocatedValueFen), 0),
		byUnit: rows.map((r) => ({
			unit: r.unit,
			label: unitLabel(r.unit, undefined, Number(r.onHand)),
			items: Number(r.items),
			onHand: Number(r.onHand),
			allocated: Number(r.allocated)
		}))
	};
}

export interface LedgerRow {
	id: number;
	kind: StockMovementKind;
	quantity: number;
	reason: string;
	createdAt: number;
	actorName: string;
	organisationName: string | null;
	requestLineId: number | null;
	requestId: number | null;
	schoolName: string | null;
	shipmentId: number | null;
	shipmentNumber: string | null;
}

/** An item's ledger, newest first, with its current level. */
export async function ledger(actor: Actor, itemId: number, page = 1) {
	authorize(actor, 'stock.view');
	const item = Number.isSafeInteger(itemId)
		? await getDb()
				.selectFrom('catalogItem')
				.leftJoin('stockLevel', 'stockLevel.catalogItemId', 'catalogItem.id')
				.select([
					'catalogItem.id',
					itemNameColumn().as('name'),
					'catalogItem.category',
					unitLabelColumn().as('unit'),
					'catalogItem.unitValueFen',
					sql<number>`coalesce(stock_level.on_hand, 0)`.as('onHand'),
					sql<number>`coalesce(stock_level.allocated, 0)`.as('allocated')
				])
				.where('catalogItem.id', '=', itemId)
				.executeTakeFirst()
		: undefined;
	if (!item) throw new NotFound();
	const base = getDb()
		.selectFrom('stockMovement')
		.where('stockMovement.catalogItemId', '=', itemId);
	const total = await base
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const movements: LedgerRow[] = await base
		.innerJoin('user', 'user.id', 'stockMovement.createdBy')
		.leftJoin('organisation', 'organisation.id', 'stockMovement.organisationId')
		.leftJoin('requestLine', 'requestLine.id', 'stockMovement.requestLineId')
		.leftJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
		.leftJoin('school', 'school.id', 'supplyRequest.schoolId')
		.leftJoin('shipment', 'shipment.id', 'stockMovement.shipmentId')
		.select([
			'stockMovement.id',
			'stockMovement.kind',
			'stockMovement.quantity',
			'stockMovement.reason',
			'stockMovement.createdAt',
			'user.displayName as actorName',
			'organisation.name as organisationName',
			'stockMovement.requestLineId',
			'supplyRequest.id as requestId',
			'school.name as schoolName',
			'stockMovement.shipmentId',
			'shipment.number as shipmentNumber'
		])
		.orderBy('stockMovement.createdAt', 'desc')
		.orderBy('stockMovement.id', 'desc')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return {
		item: { ...item, available: item.onHand - item.allocated },
		movements: paged(movements, Number(total.n), page)
	};
}

export interface Fillable {
	itemId: number;
	itemName: string;
	unit: string;
	available: number;
	lineId: number;
	requestId: number;
	schoolName: string;
	neededBy: string;
	open: number;
	/** What allocating now would cover: the smaller of available and open. */
	suggested: number;
}

/** Open needs that stock on the shelf could fill: soonest needed first. */
export async function fillable(actor: Actor, page = 1): Promise<Paged<Fillable>> {
	authorize(actor, 'stock.view');
	// Walked from the requests in needed-by order (their index), each request's open lines
	// (request_line_open_idx), and the line's item on the shelf: a page reads its own rows only.
	const open = getDb()
		.selectFrom(pledgeableRequests())
		.innerJoin('requestLine', 'requestLine.requestId', 'supplyRequest.id')
		.innerJoin('stockLevel', 'stockLevel.catalogItemId', 'requestLine.catalogItemId')
		.where(sql<boolean>`stock_level.on_hand - stock_level.allocated > 0`)
		.where(OPEN_LINE);
	// Nearly every open line may be fillable: counted only as far as the pager goes.
	const counted = await countUpTo(open);
	const items = await open
		.innerJoin('catalogItem', 'catalogItem.id', 'stockLevel.catalogItemId')
		.innerJoin('school', 'school.id', 'supplyRequest.schoolId')
		.select([
			'catalogItem.id as itemId',
			itemNameColumn().as('itemName'),
			unitLabelColumn().as('unit'),
			sql<number>`stock_level.on_hand - stock_level.allocated`.as('available'),
			'requestLine.id as lineId',
			'requestLine.requestId',
			'school.name as schoolName',
			'supplyRequest.neededBy',
			sql<number>`request_line.quantity_approved - request_line.quantity_pledged - request_line.quantity_allocated`.as(
				'open'
			),
			least<number>(
				sql`stock_level.on_hand - stock_level.allocated`,
				sql`request_line.quantity_approved - request_line.quantity_pledged - request_line.quantity_allocated`
			).as('suggested')
		])
		.orderBy('supplyRequest.neededBy')
		.orderBy('supplyRequest.id')
		.orderBy('requestLine.id')
		.limit(PAGE_SIZE)
		.offset((Math.min(page, COUNTED_PAGES) - 1) * PAGE_SIZE)
		.execute();
	return pagedUpTo(items, counted, Math.min(page, COUNTED_PAGES));
}

/** Choices for the storeroom's forms: catalog items and sponsor organisations. */
export async function formOptions(actor: Actor) {
	authorize(actor, 'stock.manage');
	const [items, organisations] = await Promise.all([
		getDb()
			.selectFrom('catalogItem')
			.select(['id', itemNameColumn().as('name'), unitLabelColumn().as('unit'), 'category'])
			.where('active', '=', 1)
			.orderBy('category')
			.orderBy(itemNameColumn())
			.orderBy('id')
			.limit(1000)
			.execute(),
		getDb().selectFrom('organisation').select(['id', 'name']).orderBy('name').limit(1000).execute()
	]);
	return { items, organisations };
}

/** The lines an item is set aside for and not yet shipped, with how much each. */
export async function allocations(actor: Actor, itemId: number) {
	authorize(actor, 'stock.view');
	// Summed per line from the ledger's line index first, then only the lines still set aside are
	// joined to their request and school (not every movement the item ever had).
	const outstandingLines = getDb()
		.selectFrom('stockMovement')
		.select([
			'stockMovement.requestLineId',
			sql<number>`sum(stock_movement.quantity)`.as('quantity')
		])
		.where('stockMovement.catalogItemId', '=', itemId)
		.where('stockMovement.kind', 'in', ['allocated', 'released', 'shipped'])
		.groupBy('stockMovement.requestLineId')
		.having(sql<boolean>`sum(stock_movement.quantity) > 0`)
		.orderBy('stockMovement.requestLineId')
		.limit(200)
		.as('held');
	const rows = await getDb()
		.selectFrom(outstandingLines)
		.innerJoin('requestLine', 'requestLine.id', 'held.requestLineId')
		.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
		.innerJoin('school', 'school.id', 'supplyRequest.schoolId')
		.select([
			'requestLine.id as lineId',
			'supplyRequest.id as requestId',
			'school.name as schoolName',
			'held.quantity'
		])
		.orderBy('requestLine.id')
		.execute();
	return rows.map((r) => ({ ...r, quantity: Number(r.quantity) }));
}
