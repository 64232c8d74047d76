import { itemNameColumn, unitLabelColumn } from './names';
import { sql, type Transaction } from 'kysely';
import { m } from '$lib/paraglide/messages.js';
import { can, filterAccess, requireAccess, requireRole, scopes, type Actor } from '../access';
import * as audit from '../audit';
import { getDb } from '../db';
import type { Database, Discrepancy, Receipt, Resolution, ShipmentStatus } from '../db/schema';
import { Conflict, NotFound, RuleViolation } from '../errors';
import { afterReceipt } from './after-receipt';
import * as links from './shipping-links';
import {
	discrepancyLifecycle,
	isIn,
	pledgeLifecycle,
	reachable,
	requestLifecycle,
	shipmentLifecycle,
	shipmentLineLifecycle
} from './lifecycles';
import * as time from '../time';

type Trx = Transaction<Database>;

export const PAGE_SIZE = 20;
export const CARRIER_MAX = 60;
export const REFERENCE_MAX = 60;
export const MAX_LINES = 50;
export const MAX_QUANTITY = 100_000;

/** Request states whose approved lines may still be shipped (those that can still be covered). */
export const SHIPPABLE = requestLifecycle.cover.from;

export type Source = 'stock' | 'sponsor';

/** A shipment can be thanked for once its receipt is confirmed. */
export const THANKABLE: readonly ShipmentStatus[] = reachable(shipmentLifecycle, [
	shipmentLifecycle.receive.to
]);
/** A shipment whose lines wait for the school's receipt. */
const AWAITING_RECEIPT = shipmentLifecycle.receive.from;
/** Pledges a shipment can still carry. */
const SHIPPABLE_PLEDGE = pledgeLifecycle.ship.from;
/** A line not yet confirmed, and a discrepancy not yet resolved. */
const UNCONFIRMED = shipmentLineLifecycle['receipt.received'].from;
const OPEN = discrepancyLifecycle['resolve.reship'].from;
export type ListFilter = 'all' | 'unconfirmed' | 'discrepancies';

/** Today in the program's time zone, as YYYY-MM-DD. */
export function today(now = time.now()): string {
	return time.today(now);
}

/** A real calendar date within a year of today: a dispatch date can't be anything else. */
export function isDispatchDate(value: string, now = time.now()): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const ms = Date.parse(`${value}T00:00:00Z`);
	if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) return false;
	const base = Date.parse(`${today(now)}T00:00:00Z`);
	const year = 366 * 24 * 3600 * 1000;
	return ms >= base - year && ms <= base + 31 * 24 * 3600 * 1000;
}

function isQuantity(n: unknown): n is number {
	return typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= MAX_QUANTITY;
}

/**
 * The next shipment number of a year, SH-YYYY-NNNN: one statement that the database serialises,
 * so parallel shipments never share a number.
 */
export async function nextNumber(trx: Trx, year: number): Promise<string> {
	const row = await sql<{ last: number }>`
		insert into shipment_counter (year, last) values (${year}, 1)
		on conflict (year) do update set last = shipment_counter.last + 1
		returning shipment_counter.last`.execute(trx);
	const last = row.rows[0].last;
	return `SH-${year}-${String(last).padStart(4, '0')}`;
}

function currentYear(): number {
	return Number(today().slice(0, 4));
}

// ---------------------------------------------------------------------------------------------
// What can be shipped to a school

/** A request line's allocated stock not yet shipped, summed from the storeroom's ledger. */
const unsentStockSql = sql<number>`(
	select coalesce(sum(sm.quantity), 0) from stock_movement sm
	where sm.request_line_id = request_line.id
		and sm.catalog_item_id = request_line.catalog_item_id
		and sm.kind in ('allocated', 'released', 'shipped'))`;

export interface StockCandidate {
	requestLineId: number;
	requestId: number;
	catalogItemId: number | null;
	itemName: string;
	unit: string;
	available: number;
}

export interface PledgeCandidate {
	pledgeId: number;
	organisationId: number;
	organisationName: string;
	requestLineId: number;
	requestId: number;
	catalogItemId: number | null;
	itemName: string;
	unit: string;
	quantity: number;
}

/** Schools with something to ship: allocated stock not yet sent, or active pledges. */
export async function schoolsToShip(actor: Actor) {
	requireRole(actor, 'shipment.manage');
	const db = getDb();
	return db
		.selectFrom('school')
		.select(['school.id', 'school.name'])
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('requestLine')
					.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
					.select('requestLine.id')
					.whereRef('supplyRequest.schoolId', '=', 'school.id')
					.where('supplyRequest.status', 'in', SHIPPABLE)
					.where((eb2) =>
						eb2.or([
							eb2(sql<number>`${unsentStockSql}`, '>', 0),
							eb2.exists(
								eb2
									.selectFrom('pledge')
									.select('pledge.id')
									.whereRef('pledge.requestLineId', '=', 'requestLine.id')
									.where('pledge.status', 'in', SHIPPABLE_PLEDGE)
							)
						])
					)
			)
		)
		.orderBy('school.name')
		.execute();
}

/** What could go to one school now, from stock and from each sponsor's active pledges. */
export async function candidates(actor: Actor, schoolId: number) {
	requireRole(actor, 'shipment.manage');
	const db = getDb();
	const school = await db
		.selectFrom('school')
		.select(['id', 'name'])
		.where('id', '=', schoolId)
		.executeTakeFirst();
	if (!school) throw new NotFound();
	const stock = (await db
		.selectFrom('requestLine')
		.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
		.leftJoin('catalogItem', 'catalogItem.id', 'requestLine.catalogItemId')
		.select([
			'requestLine.id as requestLineId',
			'requestLine.requestId',
			'requestLine.catalogItemId',
			sql<string>`coalesce(${itemNameColumn()}, request_line.description)`.as('itemName'),
			sql<string>`coalesce(${unitLabelColumn()}, '')`.as('unit'),
			sql<number>`${unsentStockSql}`.as('available')
		])
		.where('supplyRequest.schoolId', '=', schoolId)
		.where('supplyRequest.status', 'in', SHIPPABLE)
		.where(sql<number>`${unsentStockSql}`, '>', 0)
		.orderBy('requestLine.requestId')
		.orderBy('requestLine.position')
		.execute()) as StockCandidate[];
	const pledged = (await db
		.selectFrom('pledge')
		.innerJoin('requestLine', 'requestLine.id', 'pledge.requestLineId')
		.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
		.innerJoin('organisation', 'organisation.id', 'pledge.organisationId')
		.leftJoin('catalogItem', 'catalogItem.id', 'requestLine.catalogItemId')
		.select([
			'pledge.id as pledgeId',
			'pledge.organisationId',
			'organisation.name as organisationName',
			'requestLine.id as requestLineId',
			'requestLine.requestId',
			'requestLine.catalogItemId',
			sql<string>`coalesce(${itemNameColumn()}, request_line.description)`.as('itemName'),
			sql<string>`coalesce(${unitLabelColumn()}, '')`.as('unit'),
			'pledge.quantity'
		])
		.where('supplyRequest.schoolId', '=', schoolId)
		.where('supplyRequest.status', 'in', SHIPPABLE)
		.where('pledge.status', 'in', SHIPPABLE_PLEDGE)
		.orderBy('organisation.name')
		.orderBy('pledge.id')
		.execute()) as PledgeCandidate[];
	const items = await db
		.selectFrom('catalogItem')
		.select(['id', itemNameColumn().as('name'), unitLabelColumn().as('unit')])
		.where('active', '=', 1)
		.orderBy(itemNameColumn())
		.orderBy('id')
		.execute();
	return { school, stock, pledged, items };
}

// ---------------------------------------------------------------------------------------------
// Creating (and dispatching) a shipment

export interface StockLineInput {
	requestLineId: number;
	quantity: number;
}

export interface PledgeLineInput {
	pledgeId: number;
	/** Another catalog item sent because the pledged one couldn't be had. */
	replacementItemId?: number | null;
}

export interface ShipmentInput {
	schoolId: number;
	source: Source;
	/** The sponsor sending directly (source 'sponsor'). */
	organisationId?: number | null;
	carrier: string;
	reference: string;
	dispatchedOn: string;
	stockLines?: StockLineInput[];
	pledgeLines?: PledgeLineInput[];
}

function checkHeader(input: { carrier: string; reference: string; dispatchedOn: string }) {
	if (input.carrier.length > CARRIER_MAX)
		throw new RuleViolation(m.error_too_long({ max: CARRIER_MAX }), 'carrier');
	if (input.reference.length > REFERENCE_MAX)
		throw new RuleViolation(m.error_too_long({ max: REFERENCE_MAX }), 'reference');
	if (/[<>]/.test(input.carrier)) throw new RuleViolation(m.error_no_markup(), 'carrier');
	if (/[<>]/.test(input.reference)) throw new RuleViolation(m.error_no_markup(), 'reference');
	if (!isDispatchDate(input.dispatchedOn))
		throw new RuleViolation(m.ship_error_date(), 'dispatchedOn');
}

async function activeItem(trx: Trx, itemId: number) {
	return trx
		.selectFrom('catalogItem')
		.select('id')
		.where('id', '=', itemId)
		.where('active', '=', 1)
		.executeTakeFirst();
}

interface NewShipment {
	schoolId: number;
	source: Source;
	organisationId: number | null;
	carrier: string;
	reference: string;
	dispatchedOn: string;
}

async function insertShipment(trx: Trx, actor: Actor, header: NewShipment) {
	const now = time.now();
	const number = await nextNumber(trx, currentYear());
	const row = await trx
		.insertInto('shipment')
		.values({
			number,
			schoolId: header.schoolId,
			source: header.source,
			organisationId: header.organisationId,
			carrier: header.carrier,
			reference: header.reference,
			dispatchedOn: header.dispatchedOn,
			status: shipmentLifecycle.dispatch.to,
			createdBy: actor.id,
			createdAt: now,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: row.id, number };
}

/** A shipment is on its way: the dispatch on its timeline, and the school's teachers told. */
async function announce(
	trx: Trx,
	actor: Actor,
	shipment: { id: number; number: string },
	schoolId: number,
	reason: string | null
) {
	await afterReceipt(
		trx,
		actor,
		{ shipmentId: shipment.id, number: shipment.number, schoolId },
		{ action: 'dispatch', from: null, to: shipmentLifecycle.dispatch.to, reason },
		{ teachers: 'shipment_dispatched' }
	);
}

/** Counts a line's units as shipped, never beyond what was approved. */
async function addShipped(trx: Trx, requestLineId: number, quantity: number, field: string) {
	const shipped = await trx
		.updateTable('requestLine')
		.set((eb) => ({ quantityShipped: eb('quantityShipped', '+', quantity) }))
		.where('id', '=', requestLineId)
		.where(sql<boolean>`quantity_shipped + ${quantity} <= coalesce(quantity_approved, 0)`)
		.executeTakeFirst();
	if (Number(shipped.numUpdatedRows) === 0) throw new Conflict(m.ship_error_too_many(), field);
}

/**
 * A coordinator sends a shipment to one school, from stock (lines from the school's allocated
 * request lines) or directly from one sponsor (lines from that sponsor's active pledges). It is
 * dispatched at once: quantities count as shipped, stock leaves the ledger, pledges are shipped,
 * requests move to fulfilling, and the school's teachers are told.
 */
export async function create(
	actor: Actor,
	input: ShipmentInput
): Promise<{ id: number; number: string }> {
	requireRole(actor, 'shipment.manage');
	checkHeader(input);
	if (input.source !== 'stock' && input.source !== 'sponsor')
		throw new RuleViolation(m.error_choose_one(), 'source');
	const stockLines = input.source === 'stock' ? (input.stockLines ?? []) : [];
	const pledgeLines = input.source === 'sponsor' ? (input.pledgeLines ?? []) : [];
	const count = stockLines.length + pledgeLines.length;
	if (count === 0) throw new RuleViolation(m.ship_error_no_lines(), 'lines');
	if (count > MAX_LINES) throw new RuleViolation(m.error_too_big({ max: MAX_LINES }), 'lines');
	for (const line of stockLines) {
		if (!isQuantity(line.quantity))
			throw new RuleViolation(m.error_whole_number(), `qty_${line.requestLineId}`);
	}
	if (new Set(stockLines.map((l) => l.requestLineId)).size !== stockLines.length)
		throw new RuleViolation(m.ship_error_no_lines(), 'lines');
	if (new Set(pledgeLines.map((l) => l.pledgeId)).size !== pledgeLines.length)
		throw new RuleViolation(m.ship_error_no_lines(), 'lines');
	if (input.source === 'sponsor' && !input.organisationId)
		throw new RuleViolation(m.error_choose_one(), 'organisationId');

	return getDb()
		.transaction()
		.execute(async (trx) => {
			const school = await trx
				.selectFrom('school')
				.select('id')
				.where('id', '=', input.schoolId)
				.executeTakeFirst();
			if (!school) throw new NotFound();
			if (input.source === 'sponsor') {
				const org = await trx
					.selectFrom('organisation')
					.select('id')
					.where('id', '=', input.organisationId!)
					.executeTakeFirst();
				if (!org) throw new RuleViolation(m.error_choose_one(), 'organisationId');
			}
			const shipment = await insertShipment(trx, actor, {
				schoolId: input.schoolId,
				source: input.source,
				organisationId: input.source === 'sponsor' ? input.organisationId! : null,
				carrier: input.carrier,
				reference: input.reference,
				dispatchedOn: input.dispatchedOn
			});
			const requests = new Set<number>();

			for (const wanted of stockLines) {
				const field = `qty_${wanted.requestLineId}`;
				const line = await trx
					.selectFrom('requestLine')
					.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
					.select([
						'requestLine.id',
						'requestLine.requestId',
						'requestLine.catalogItemId',
						'requestLine.description',
						'supplyRequest.schoolId',
						'supplyRequest.status'
					])
					.where('requestLine.id', '=', wanted.requestLineId)
					.executeTakeFirst();
				if (!line || line.schoolId !== input.schoolId || line.catalogItemId === null)
					throw new RuleViolation(m.ship_error_line_gone(), field);
				if (!isIn(line.status, SHIPPABLE)) throw new Conflict(m.ship_error_line_gone(), field);
				// The line must still have that much allocated stock not yet sent.
				const room = await trx
					.selectFrom('requestLine')
					.select(sql<number>`${unsentStockSql}`.as('left'))
					.where('id', '=', line.id)
					.executeTakeFirstOrThrow();
				if (Number(room.left) < wanted.quantity)
					throw new Conflict(
						m.ship_error_stock_left({ left: Math.max(0, Number(room.left)) }),
						field
					);
				await addShipped(trx, line.id, wanted.quantity, field);
				const inserted = await trx
					.insertInto('shipmentLine')
					.values({
						shipmentId: shipment.id,
						requestLineId: line.id,
						pledgeId: null,
						catalogItemId: line.catalogItemId,
						description: line.description,
						replacesCatalogItemId: null,
						replacesShipmentLineId: null,
						quantity: wanted.quantity
					})
					.returning('id')
					.executeTakeFirstOrThrow();
				void inserted;
				await links.shipFromStock(trx, {
					itemId: line.catalogItemId,
					requestLineId: line.id,
					quantity: wanted.quantity,
					shipmentId: shipment.id,
					actorId: actor.id
				});
				requests.add(line.requestId);
			}

			for (const wanted of pledgeLines) {
				const field = `pledge_${wanted.pledgeId}`;
				const pledge = await trx
					.selectFrom('pledge')
					.innerJoin('requestLine', 'requestLine.id', 'pledge.requestLineId')
					.innerJoin('supplyRequest', 'supplyRequest.id', 'requestLine.requestId')
					.select([
						'pledge.id',
						'pledge.quantity',
						'pledge.status',
						'pledge.organisationId',
						'requestLine.id as requestLineId',
						'requestLine.requestId',
						'requestLine.catalogItemId',
						'requestLine.description',
						'supplyRequest.schoolId'
					])
					.where('pledge.id', '=', wanted.pledgeId)
					.executeTakeFirst();
				if (
					!pledge ||
					pledge.schoolId !== input.schoolId ||
					pledge.organisationId !== input.organisationId
				)
					throw new RuleViolation(m.ship_error_line_gone(), field);
				if (!isIn(pledge.status, SHIPPABLE_PLEDGE))
					throw new Conflict(m.ship_error_pledge_gone(), field);
				let catalogItemId = pledge.catalogItemId;
				let replaces: number | null = null;
				if (wanted.replacementItemId && wanted.replacementItemId !== pledge.catalogItemId) {
					const item = await activeItem(trx, wanted.replacementItemId);
					if (!item) throw new RuleViolation(m.error_choose_one(), `item_${wanted.pledgeId}`);
					replaces = pledge.catalogItemId;
					catalogItemId = item.id;
				}
				await addShipped(trx, pledge.requestLineId, pledge.quantity, field);
				await trx
					.insertInto('shipmentLine')
					.values({
						shipmentId: shipment.id,
						requestLineId: pledge.requestLineId,
						pledgeId: pledge.id,
						catalogItemId,
						description: pledge.description,
						replacesCatalogItemId: replaces,
						replacesShipmentLineId: null,
						quantity: pledge.quantity
					})
					.execute();
				await links.markShipped(trx, pledge.id, actor.id);
				requests.add(pledge.requestId);
			}

			for (const requestId of requests) await links.markFulfilling(trx, requestId, actor.id);
			await announce(trx, actor, shipment, input.schoolId, null);
			return shipment;
		});
}

/** A follow-up shipment for a discrepancy: the missing units again, or another item instead. */
export async function createFollowUp(
	trx: Trx,
	actor: Actor,
	original: {
		lineId: number;
		shipmentId: number;
		number: string;
		schoolId: number;
		source: Source;
		organisationId: number | null;
		requestLineId: number | null;
		pledgeId: number | null;
		catalogItemId: number | null;
		replacesCatalogItemId: number | null;
		description: string;
	},
	quantity: number,
	options: {
		replacementItemId?: number | null;
		carrier: string;
		reference: string;
		dispatchedOn: string;
	}
): Promise<{ id: number; number: string }> {
	let catalogItemId = original.catalogItemId;
	let replaces = original.replacesCatalogItemId;
	if (options.replacementItemId) {
		const item = await activeItem(trx, options.replacementItemId);
		if (!item) throw new RuleViolation(m.error_choose_one(), 'catalogItemId');
		if (item.id === original.catalogItemId)
			throw new RuleViolation(m.ship_error_same_item(), 'catalogItemId');
		replaces = original.catalogItemId;
		catalogItemId = item.id;
	}
	const shipment = await insertShipment(trx, actor, {
		schoolId: original.schoolId,
		source: original.source,
		organisationId: original.organisationId,
		carrier: options.carrier,
		reference: options.reference,
		dispatchedOn: options.dispatchedOn
	});
	await trx
		.insertInto('shipmentLine')
		.values({
			shipmentId: shipment.id,
			requestLineId: original.requestLineId,
			pledgeId: original.pledgeId,
			catalogItemId,
			description: original.description,
			replacesCatalogItemId: replaces,
			replacesShipmentLineId: original.lineId,
			quantity
		})
		.execute();
	if (original.source === 'stock' && original.requestLineId !== null && catalogItemId !== null) {
		await links.shipAgainFromStock(trx, {
			itemId: catalogItemId,
			requestLineId: original.requestLineId,
			quantity,
			shipmentId: shipment.id,
			actorId: actor.id
		});
	}
	await announce(trx, actor, shipment, original.schoolId, original.number);
	return shipment;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface ShipmentRow {
	id: number;
	number: string;
	schoolId: number;
	schoolName: string;
	source: Source;
	organisationName: string | null;
	carrier: string;
	reference: string;
	dispatchedOn: string | null;
	status: ShipmentStatus;
	lineCount: number;
	pendingCount: number;
	openCount: number;
	createdAt: number;
}

export interface Paged<T> {
	items: T[];
	page: number;
	pages: number;
	total: number;
}

/**
 * Shipments as each role may see them: coordinators all (filterable), teachers their school's
 * incoming, sponsors the shipments carrying their pledges or sent by them. Newest first.
 */
export async function list(
	actor: Actor,
	options: { filter?: ListFilter; page?: number } = {}
): Promise<Paged<ShipmentRow>> {
	requireRole(actor, 'shipment.list');
	const page = options.page && options.page >= 1 ? Math.floor(options.page) : 1;
	// Which shipments: the shipment table alone (each has one school; its sponsor only names it).
	let chosen = getDb().selectFrom('shipment').where(scopes.shipment(actor));
	if (options.filter === 'unconfirmed')
		chosen = chosen.where('shipment.status', 'in', AWAITING_RECEIPT);
	if (options.filter === 'discrepancies')
		// The few shipments with an open discrepancy, read once from the discrepancy index.
		chosen = chosen.where('shipment.id', 'in', (eb) =>
			eb
				.selectFrom('shipmentLine')
				.select('shipmentLine.shipmentId')
				.where('shipmentLine.discrepancy', 'in', OPEN)
		);
	const total = await chosen
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	const rows = await chosen
		.innerJoin('school', 'school.id', 'shipment.schoolId')
		.leftJoin('organisation', 'organisation.id', 'shipment.organisationId')
		.select([
			'shipment.id',
			'shipment.number',
			'shipment.schoolId',
			'school.name as schoolName',
			'shipment.source',
			'organisation.name as organisationName',
			'shipment.carrier',
			'shipment.reference',
			'shipment.dispatchedOn',
			'shipment.status',
			'shipment.createdAt'
		])
		.orderBy('shipment.id', 'desc')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	const counts = await lineCounts(rows.map((r) => r.id));
	const none = { lineCount: 0, pendingCount: 0, openCount: 0 };
	const items = rows.map((r) => ({ ...r, ...(counts.get(r.id) ?? none) })) as ShipmentRow[];
	const n = Number(total.n);
	return { items, page, pages: Math.max(1, Math.ceil(n / PAGE_SIZE)), total: n };
}

/** Per shipment of a page: its lines, those awaiting receipt, and its open discrepancies. */
async function lineCounts(shipmentIds: number[]) {
	const counts = new Map<number, { lineCount: number; pendingCount: number; openCount: number }>();
	if (shipmentIds.length === 0) return counts;
	const rows = await getDb()
		.selectFrom('shipmentLine')
		.select((eb) => [
			'shipmentLine.shipmentId',
			eb.fn.countAll<number>().as('lineCount'),
			eb.fn
				.sum<number>(
					eb.case().when('shipmentLine.receipt', 'in', UNCONFIRMED).then(1).else(0).end()
				)
				.as('pendingCount'),
			eb.fn
				.sum<number>(eb.case().when('shipmentLine.discrepancy', 'in', OPEN).then(1).else(0).end())
				.as('openCount')
		])
		.where('shipmentLine.shipmentId', 'in', shipmentIds)
		.groupBy('shipmentLine.shipmentId')
		.execute();
	for (const r of rows)
		counts.set(r.shipmentId, {
			lineCount: Number(r.lineCount),
			pendingCount: Number(r.pendingCount),
			openCount: Number(r.openCount)
		});
	return counts;
}

export interface LineView {
	id: number;
	requestLineId: number | null;
	requestId: number | null;
	pledgeId: number | null;
	pledgeOrganisationId: number | null;
	pledgeOrganisationName: string | null;
	/** Null for an item described in the request rather than chosen from the catalog. */
	catalogItemId: number | null;
	itemName: string;
	unit: string;
	replacesItemName: string | null;
	replacesShipmentLineId: number | null;
	replacesShipmentId: number | null;
	replacesShipmentNumber: string | null;
	quantity: number;
	receipt: Receipt;
	quantityReceived: number | null;
	reasonCode: string;
	receiptNote: string;
	confirmedAt: number | null;
	confirmedByName: string | null;
	discrepancy: Discrepancy;
	resolution: Resolution | null;
	resolutionNote: string;
	resolvedAt: number | null;
	followUps: { shipmentId: number; number: string }[];
	photoIds: number[];
	/** Still waiting for the school's receipt (the lifecycle's start of every receipt step). */
	awaitingReceipt: boolean;
	/** A discrepancy that a coordinator has yet to resolve. */
	discrepancyOpen: boolean;
}

/**
 * One shipment as its audience may see it (else NotFound): coordinators the whole; the school's
 * teachers without who in the program made it or which sponsor gave each line; a giving sponsor
 * their own lines and the outcome, without staff's or teachers' names and without who did what or
 * why in its history.
 */
export async function get(actor: Actor, shipmentId: number): Promise<ShipmentView> {
	const { facts, ...full } = await getWhole(actor, shipmentId);
	if (can(actor, 'shipment.manage')) return { ...full, audience: 'coordinator' };
	const { createdByName: _by, ...shipment } = full.shipment;
	if (can(actor, 'shipment.viewInternal', facts))
		return {
			...full,
			audience: 'school',
			shipment,
			lines: full.lines.map(
				({ pledgeOrganisationId: _id, pledgeOrganisationName: _name, ...line }) => line
			)
		};
	return {
		...full,
		audience: 'sponsor',
		shipment,
		lines: full.lines.map(({ confirmedByName: _name, ...line }) => line),
		history: audit.withoutPeople(full.history)
	};
}

type Whole = Awaited<ReturnType<typeof getWhole>>;
type Base = Omit<Whole, 'facts' | 'shipment' | 'lines' | 'history'>;
type ShipmentOutline = Omit<Whole['shipment'], 'createdByName'>;
export type ShipmentView =
	| (Base & Pick<Whole, 'shipment' | 'lines' | 'history'> & { audience: 'coordinator' })
	| (Base & {
			audience: 'school';
			shipment: ShipmentOutline;
			lines: Omit<LineView, 'pledgeOrganisationId' | 'pledgeOrganisationName'>[];
			history: Whole['history'];
	  })
	| (Base & {
			audience: 'sponsor';
			shipment: ShipmentOutline;
			lines: Omit<LineView, 'confirmedByName'>[];
			history: audit.OutsideHistoryEntry[];
	  });

async function getWhole(actor: Actor, shipmentId: number) {
	const facts = await requireAccess(actor, 'shipment.view', shipmentId);
	const db = getDb();
	const shipment = await db
		.selectFrom('shipment')
		.innerJoin('school', 'school.id', 'shipment.schoolId')
		.leftJoin('organisation', 'organisation.id', 'shipment.organisationId')
		.leftJoin('user', 'user.id', 'shipment.createdBy')
		.select([
			'shipment.id',
			'shipment.number',
			'shipment.schoolId',
			'school.name as schoolName',
			'shipment.source',
			'shipment.organisationId',
			'organisation.name as organisationName',
			'shipment.carrier',
			'shipment.reference',
			'shipment.dispatchedOn',
			'shipment.status',
			'shipment.createdAt',
			'user.displayName as createdByName'
		])
		.where('shipment.id', '=', shipmentId)
		.executeTakeFirstOrThrow();
	let lineQuery = db
		.selectFrom('shipmentLine')
		.leftJoin('catalogItem as item', 'item.id', 'shipmentLine.catalogItemId')
		.leftJoin('catalogItem as original', 'original.id', 'shipmentLine.replacesCatalogItemId')
		.leftJoin('requestLine', 'requestLine.id', 'shipmentLine.requestLineId')
		.leftJoin('pledge', 'pledge.id', 'shipmentLine.pledgeId')
		.leftJoin('organisation', 'organisation.id', 'pledge.organisationId')
		.leftJoin('user as confirmer', 'confirmer.id', 'shipmentLine.confirmedBy')
		.leftJoin('shipmentLine as prior', 'prior.id', 'shipmentLine.replacesShipmentLineId')
		.leftJoin('shipment as priorShipment', 'priorShipment.id', 'prior.shipmentId')
		.select([
			'shipmentLine.id',
			'shipmentLine.requestLineId',
			'requestLine.requestId',
			'shipmentLine.pledgeId',
			'pledge.organisationId as pledgeOrganisationId',
			'organisation.name as pledgeOrganisationName',
			'shipmentLine.catalogItemId',
			sql<string>`coalesce(${itemNameColumn('item')}, shipment_line.description)`.as('itemName'),
			sql<string>`coalesce(${unitLabelColumn('item.unit')}, '')`.as('unit'),
			itemNameColumn('original').as('replacesItemName'),
			'shipmentLine.replacesShipmentLineId',
			'priorShipment.id as replacesShipmentId',
			'priorShipment.number as replacesShipmentNumber',
			'shipmentLine.quantity',
			'shipmentLine.receipt',
			'shipmentLine.quantityReceived',
			'shipmentLine.reasonCode',
			'shipmentLine.receiptNote',
			'shipmentLine.confirmedAt',
			'confirmer.displayName as confirmedByName',
			'shipmentLine.discrepancy',
			'shipmentLine.resolution',
			'shipmentLine.resolutionNote',
			'shipmentLine.resolvedAt'
		])
		.where('shipmentLine.shipmentId', '=', shipmentId);
	// A sponsor sees the lines they gave, not what other sponsors gave.
	if (actor.role === 'sponsor' && shipment.organisationId !== actor.organisationId) {
		lineQuery = lineQuery.where('pledge.organisationId', '=', actor.organisationId!);
	}
	const rows = await lineQuery.orderBy('shipmentLine.id').execute();
	const ids = rows.map((r) => r.id);
	const photos = ids.length
		? await db
				.selectFrom('receiptPhoto')
				.select(['shipmentLineId', 'uploadId'])
				.where('shipmentLineId', 'in', ids)
				.orderBy('uploadId')
				.execute()
		: [];
	const followUps = ids.length
		? await db
				.selectFrom('shipmentLine')
				.innerJoin('shipment', 'shipment.id', 'shipmentLine.shipmentId')
				.select(['shipmentLine.replacesShipmentLineId', 'shipment.id', 'shipment.number'])
				.where('shipmentLine.replacesShipmentLineId', 'in', ids)
				.execute()
		: [];
	const lines: LineView[] = rows.map((r) => ({
		...r,
		followUps: followUps
			.filter((f) => f.replacesShipmentLineId === r.id)
			.map((f) => ({ shipmentId: f.id, number: f.number })),
		photoIds: photos.filter((p) => p.shipmentLineId === r.id).map((p) => p.uploadId),
		awaitingReceipt: isIn(r.receipt as Receipt, UNCONFIRMED),
		discrepancyOpen: isIn(r.discrepancy as Discrepancy, OPEN)
	})) as LineView[];
	const history = await audit.history('shipment', shipmentId);
	const canResolve = can(actor, 'discrepancy.resolve', facts);
	// What a replacement may be: the active catalog, for those who resolve.
	const items =
		canResolve && lines.some((l) => isIn(l.discrepancy, OPEN))
			? await db
					.selectFrom('catalogItem')
					.select(['id', itemNameColumn().as('name')])
					.where('active', '=', 1)
					.orderBy(itemNameColumn())
					.orderBy('id')
					.execute()
			: [];
	return {
		shipment,
		lines,
		history,
		items,
		canConfirm: isIn(shipment.status, AWAITING_RECEIPT) && can(actor, 'receipt.confirm', facts),
		canResolve,
		facts,
		canThank:
			isIn(shipment.status, THANKABLE) && can(actor, 'thanks.create', { id: facts.schoolId })
	};
}

/** Shipment lines that carried these pledges, with their receipt and any resolution. */
export async function forPledges(actor: Actor, pledgeIds: readonly number[]) {
	if (pledgeIds.length === 0) return [];
	const rows = await getDb()
		.selectFrom('shipmentLine')
		.innerJoin('shipment', 'shipment.id', 'shipmentLine.shipmentId')
		.innerJoin('pledge', 'pledge.id', 'shipmentLine.pledgeId')
		.select([
			'shipmentLine.id',
			'shipmentLine.pledgeId',
			'shipment.id as shipmentId',
			'shipment.number',
			'shipment.schoolId',
			'pledge.organisationId',
			'shipmentLine.quantity',
			'shipmentLine.receipt',
			'shipmentLine.quantityReceived',
			'shipmentLine.discrepancy',
			'shipmentLine.resolution',
			'shipmentLine.resolutionNote'
		])
		.where('shipmentLine.pledgeId', 'in', pledgeIds)
		.orderBy('shipmentLine.id')
		.execute();
	const visible = await filterAccess(
		actor,
		'shipment.view',
		rows.map((r) => r.shipmentId)
	);
	return rows.filter((r) => visible.has(r.shipmentId));
}
