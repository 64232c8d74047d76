import { sql, type Transaction } from 'kysely';
import { m } from '$lib/paraglide/messages.js';
import { requireAccess, type Actor } from '../access';
import * as audit from '../audit';
import { getDb } from '../db';
import { lockRows } from '../db/dialect';
import { RESOLUTIONS, type Database, type Resolution } from '../db/schema';
import { Conflict, NotFound, RuleViolation } from '../errors';
import { notify, recipients } from '../notifications/notify';
import * as uploads from '../uploads/uploads';
import { afterReceipt } from './after-receipt';
import { itemNameColumn } from './names';
import * as links from './shipping-links';
import { createFollowUp, isDispatchDate, today, CARRIER_MAX, REFERENCE_MAX } from './shipments';
import {
	discrepancyLifecycle,
	isIn,
	pledgeLifecycle,
	shipmentLifecycle,
	shipmentLineLifecycle
} from './lifecycles';
import * as time from '../time';

type Trx = Transaction<Database>;

type LineStep = keyof typeof shipmentLineLifecycle;
type DiscrepancyStep = keyof typeof discrepancyLifecycle;

/** What a receipt may say: the states confirming a line leads to, one action each. */
export type Outcome = (typeof shipmentLineLifecycle)[LineStep]['to'];
export const OUTCOMES: readonly Outcome[] = Object.values(shipmentLineLifecycle).map((s) => s.to);
const confirmStep = (outcome: Outcome) => `receipt.${outcome}` as const satisfies LineStep;
const resolveStep = (resolution: Resolution) =>
	`resolve.${resolution}` as const satisfies DiscrepancyStep;
/** The one outcome that is no problem. */
const IN_FULL = shipmentLineLifecycle['receipt.received'].to;
/** The shipment waits for its lines' receipts, and is received when the last is confirmed. */
const RECEIVE = shipmentLifecycle.receive;

/** Why a line didn't arrive as sent: a fixed list, so coordinators can count them. */
export const REASON_CODES = [
	'missing_in_box',
	'lost_in_transit',
	'broken_in_transit',
	'water_damage',
	'manufacturing_defect',
	'wrong_item_sent',
	'wrong_size_or_edition',
	'other'
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const NOTE_MAX = 1000;

export interface ConfirmInput {
	outcome: Outcome;
	/** Units that arrived in good order (short, damaged); ignored for received and wrong_item. */
	quantityReceived?: number | null;
	reasonCode?: string;
	note?: string;
}

async function lineFacts(lineId: number) {
	if (!Number.isSafeInteger(lineId) || lineId < 1) return undefined;
	const line = await getDb()
		.selectFrom('shipmentLine')
		.innerJoin('shipment', 'shipment.id', 'shipmentLine.shipmentId')
		.leftJoin('catalogItem', 'catalogItem.id', 'shipmentLine.catalogItemId')
		.select([
			'shipmentLine.id',
			'shipmentLine.shipmentId',
			'shipmentLine.requestLineId',
			'shipmentLine.pledgeId',
			'shipmentLine.catalogItemId',
			'shipmentLine.replacesCatalogItemId',
			'shipmentLine.description',
			'shipmentLine.quantity',
			'shipmentLine.quantityReceived',
			'shipmentLine.receipt',
			'shipmentLine.discrepancy',
			'shipment.number',
			'shipment.schoolId',
			'shipment.source',
			'shipment.organisationId',
			'shipment.status',
			sql<string>`coalesce(${itemNameColumn()}, shipment_line.description)`.as('itemName'),
			sql<string>`coalesce(${itemNameColumn('catalog_item', 'zh-CN')}, shipment_line.description)`.as(
				'itemZh'
			),
			sql<string>`coalesce(${itemNameColumn('catalog_item', 'en')}, shipment_line.description)`.as(
				'itemEn'
			)
		])
		.where('shipmentLine.id', '=', lineId)
		.executeTakeFirst();
	return line;
}

function checkNote(note: string, field = 'note', required = false): string {
	const text = note.trim();
	if (required && text.length === 0) throw new RuleViolation(m.error_required(), field);
	if (text.length > NOTE_MAX) throw new RuleViolation(m.error_too_long({ max: NOTE_MAX }), field);
	if (/[<>]/.test(text)) throw new RuleViolation(m.error_no_markup(), field);
	return text;
}

/** The quantity that arrived in good order, by outcome. */
function receivedOf(input: ConfirmInput, sent: number): number {
	switch (input.outcome) {
		case 'received':
			return sent;
		case 'wrong_item':
			return 0;
		case 'short':
		case 'damaged': {
			const q = input.quantityReceived;
			if (typeof q !== 'number' || !Number.isSafeInteger(q) || q < 0)
				throw new RuleViolation(m.error_whole_number(), 'quantityReceived');
			if (q >= sent)
				throw new RuleViolation(m.ship_error_received_below({ sent }), 'quantityReceived');
			return q;
		}
	}
}

/** The sponsor whose pledge it was has had all of it: the pledge is delivered. */
async function deliverPledgeIfDone(trx: Trx, pledgeId: number, actorId: number, number: string) {
	// Lines of one pledge may be confirmed at once from several shipments: one at a time here.
	await lockRows(trx, 'pledge', [pledgeId]);
	const row = await trx
		.selectFrom('pledge')
		.select([
			'pledge.id',
			'pledge.quantity',
			'pledge.status',
			'pledge.organisationId',
			sql<number>`(select coalesce(sum(coalesce(sl.quantity_received, 0)), 0) from shipment_line sl where sl.pledge_id = pledge.id)`.as(
				'received'
			)
		])
		.where('id', '=', pledgeId)
		.executeTakeFirst();
	if (
		!row ||
		!isIn(row.status, pledgeLifecycle.deliver.from) ||
		Number(row.received) < row.quantity
	)
		return;
	await links.markDelivered(trx, pledgeId, actorId);
	const sponsors = await recipients(trx, {
		role: 'sponsor',
		organisationIds: [row.organisationId]
	});
	await notify(trx, sponsors, {
		kind: 'pledge_delivered',
		subject: 'pledge',
		subjectId: pledgeId,
		params: { number, quantity: row.quantity }
	});
}

/**
 * The receiving teacher (own school only) confirms one line: received in full, short, damaged or
 * wrong item, with a reason code and note for anything not received, and optional photos. A line
 * not received as sent opens a discrepancy: coordinators and the giving sponsor are told. When
 * every line is confirmed the shipment is received; fully received pledges become delivered.
 */
export async function confirmLine(
	actor: Actor,
	shipmentLineId: number,
	input: ConfirmInput,
	photos: readonly File[] = []
): Promise<void> {
	const line = await lineFacts(shipmentLineId);
	if (!line) throw new NotFound();
	await requireAccess(actor, 'receipt.confirm', line.shipmentId);
	if (!isIn(input.outcome, OUTCOMES)) throw new RuleViolation(m.error_choose_one(), 'outcome');
	const step = confirmStep(input.outcome);
	const awaiting = shipmentLineLifecycle[step].from;
	const received = receivedOf(input, line.quantity);
	const problem = input.outcome !== IN_FULL;
	const reasonCode = problem ? (input.reasonCode ?? '') : '';
	if (problem && !(REASON_CODES as readonly string[]).includes(reasonCode))
		throw new RuleViolation(m.ship_error_reason(), 'reasonCode');
	const note = checkNote(input.note ?? '');
	if (!isIn(line.receipt, awaiting) || !isIn(line.status, RECEIVE.from))
		throw new Conflict(m.ship_error_already_confirmed());

	// Photos are checked, shrunk and stored before the transaction; taken back if it fails.
	const photoIds = await uploads.saveImages(actor, photos, {
		purpose: 'receipt',
		schoolId: line.schoolId,
		field: 'photos'
	});
	try {
		await getDb()
			.transaction()
			.execute(async (trx) => {
				const now = time.now();
				const confirmed = await trx
					.updateTable('shipmentLine')
					.set({
						receipt: input.outcome,
						quantityReceived: received,
						reasonCode,
						receiptNote: note,
						confirmedBy: actor.id,
						confirmedAt: now,
						discrepancy: problem ? discrepancyLifecycle.open.to : line.discrepancy
					})
					.where('id', '=', line.id)
					.where('receipt', 'in', awaiting)
					.where((eb) =>
						eb.exists(
							eb
								.selectFrom('shipment')
								.select('shipment.id')
								.whereRef('shipment.id', '=', 'shipmentLine.shipmentId')
								.where('shipment.status', 'in', RECEIVE.from)
						)
					)
					.executeTakeFirst();
				if (Number(confirmed.numUpdatedRows) === 0)
					throw new Conflict(m.ship_error_already_confirmed());
				for (const uploadId of photoIds) {
					await trx
						.insertInto('receiptPhoto')
						.values({ shipmentLineId: line.id, uploadId })
						.execute();
				}
				if (line.requestLineId !== null && received > 0) {
					await trx
						.updateTable('requestLine')
						.set((eb) => ({ quantityReceived: eb('quantityReceived', '+', received) }))
						.where('id', '=', line.requestLineId)
						.execute();
				}
				await afterReceipt(
					trx,
					actor,
					line,
					{
						action: step,
						from: line.receipt,
						to: input.outcome,
						reason: audit.perLocale((l) =>
							[l === 'en' ? line.itemEn : line.itemZh, `${received}/${line.quantity}`, note]
								.filter(Boolean)
								.join(' · ')
						)
					},
					problem ? { coordinators: 'receipt_problem', sponsor: 'pledge_discrepancy' } : {}
				);
				if (line.pledgeId !== null)
					await deliverPledgeIfDone(trx, line.pledgeId, actor.id, line.number);

				// Two lines of one shipment confirmed at once: each must see the other's receipt,
				// or neither receives the shipment.
				await lockRows(trx, 'shipment', [line.shipmentId]);
				const pending = await trx
					.selectFrom('shipmentLine')
					.select((eb) => eb.fn.countAll<number>().as('n'))
					.where('shipmentId', '=', line.shipmentId)
					.where('receipt', 'in', awaiting)
					.executeTakeFirstOrThrow();
				if (Number(pending.n) === 0) {
					const done = await trx
						.updateTable('shipment')
						.set({ status: RECEIVE.to, updatedAt: now })
						.where('id', '=', line.shipmentId)
						.where('status', 'in', RECEIVE.from)
						.executeTakeFirst();
					if (Number(done.numUpdatedRows) > 0) {
						await afterReceipt(
							trx,
							actor,
							line,
							{ action: 'receive', from: line.status, to: RECEIVE.to, reason: null },
							{}
						);
					}
					const requests = await trx
						.selectFrom('shipmentLine')
						.innerJoin('requestLine', 'requestLine.id', 'shipmentLine.requestLineId')
						.select('requestLine.requestId')
						.distinct()
						.where('shipmentLine.shipmentId', '=', line.shipmentId)
						.execute();
					// Two shipments of one request received at once: the second sees the first.
					await lockRows(
						trx,
						'supplyRequest',
						requests.map((r) => r.requestId)
					);
					for (const r of requests) await links.recomputeDelivery(trx, r.requestId, actor.id);
				}
			});
	} catch (e) {
		await uploads.discard(actor, photoIds);
		throw e;
	}
}

export interface ResolveInput {
	resolution: Resolution;
	note: string;
	/** For 'replace': the catalog item sent instead. */
	catalogItemId?: number | null;
	carrier?: string;
	reference?: string;
	dispatchedOn?: string;
}

/**
 * A coordinator resolves an open discrepancy: re-ship the missing units, replace them with another
 * item (each a follow-up shipment), or return them to the open need, so the line can be pledged or
 * allocated again. The sponsor whose pledge it was is told the outcome.
 */
export async function resolve(
	actor: Actor,
	shipmentLineId: number,
	input: ResolveInput
): Promise<{ followUp: { id: number; number: string } | null }> {
	const line = await lineFacts(shipmentLineId);
	if (!line) throw new NotFound();
	await requireAccess(actor, 'discrepancy.resolve', line.shipmentId);
	if (!isIn(input.resolution, RESOLUTIONS))
		throw new RuleViolation(m.error_choose_one(), 'resolution');
	const step = resolveStep(input.resolution);
	const { from: open, to: resolved } = discrepancyLifecycle[step];
	const note = checkNote(input.note, 'resolutionNote', true);
	const carrier = (input.carrier ?? '').trim();
	const reference = (input.reference ?? '').trim();
	const dispatchedOn = (input.dispatchedOn ?? '').trim() || today();
	if (input.resolution !== 'return_to_need') {
		if (carrier.length > CARRIER_MAX || /[<>]/.test(carrier))
			throw new RuleViolation(m.error_too_long({ max: CARRIER_MAX }), 'carrier');
		if (reference.length > REFERENCE_MAX || /[<>]/.test(reference))
			throw new RuleViolation(m.error_too_long({ max: REFERENCE_MAX }), 'reference');
		if (!isDispatchDate(dispatchedOn)) throw new RuleViolation(m.ship_error_date(), 'dispatchedOn');
	}
	if (input.resolution === 'replace' && !input.catalogItemId)
		throw new RuleViolation(m.error_choose_one(), 'catalogItemId');
	if (!isIn(line.discrepancy, open)) throw new Conflict(m.ship_error_not_open());
	const missing = line.quantity - (line.quantityReceived ?? 0);

	return getDb()
		.transaction()
		.execute(async (trx) => {
			const now = time.now();
			const closed = await trx
				.updateTable('shipmentLine')
				.set({
					discrepancy: resolved,
					resolution: input.resolution,
					resolutionNote: note,
					resolvedBy: actor.id,
					resolvedAt: now
				})
				.where('id', '=', line.id)
				.where('discrepancy', 'in', open)
				.executeTakeFirst();
			if (Number(closed.numUpdatedRows) === 0) throw new Conflict(m.ship_error_not_open());

			let followUp: { id: number; number: string } | null = null;
			if (input.resolution === 'return_to_need') {
				if (line.requestLineId !== null && missing > 0) {
					// The units never arrived: no longer shipped, no longer covered, so the need reopens.
					await trx
						.updateTable('requestLine')
						.set((eb) =>
							line.pledgeId !== null
								? {
										quantityShipped: eb('quantityShipped', '-', missing),
										quantityPledged: eb('quantityPledged', '-', missing)
									}
								: {
										quantityShipped: eb('quantityShipped', '-', missing),
										quantityAllocated: eb('quantityAllocated', '-', missing)
									}
						)
						.where('id', '=', line.requestLineId)
						.execute();
				}
				if (line.pledgeId !== null && missing > 0) {
					const shrunk = await trx
						.updateTable('pledge')
						.set((eb) => ({ quantity: eb('quantity', '-', missing) }))
						.where('id', '=', line.pledgeId)
						.where('quantity', '>', missing)
						.executeTakeFirst();
					if (Number(shrunk.numUpdatedRows) === 0) {
						// Nothing of the pledge arrived: it is withdrawn from the need.
						await links.withdrawPledge(trx, line.pledgeId, actor.id, note);
					} else {
						await deliverPledgeIfDone(trx, line.pledgeId, actor.id, line.number);
					}
				}
				if (line.requestLineId !== null) {
					const request = await trx
						.selectFrom('requestLine')
						.select('requestId')
						.where('id', '=', line.requestLineId)
						.executeTakeFirstOrThrow();
					await lockRows(trx, 'supplyRequest', [request.requestId]);
					await links.recomputeDelivery(trx, request.requestId, actor.id);
				}
			} else {
				if (missing <= 0) throw new Conflict(m.ship_error_not_open());
				followUp = await createFollowUp(
					trx,
					actor,
					{
						lineId: line.id,
						shipmentId: line.shipmentId,
						number: line.number,
						schoolId: line.schoolId,
						source: line.source,
						organisationId: line.organisationId,
						requestLineId: line.requestLineId,
						pledgeId: line.pledgeId,
						catalogItemId: line.catalogItemId,
						replacesCatalogItemId: line.replacesCatalogItemId,
						description: line.description
					},
					missing,
					{
						replacementItemId: input.resolution === 'replace' ? input.catalogItemId : null,
						carrier,
						reference,
						dispatchedOn
					}
				);
			}

			await afterReceipt(
				trx,
				actor,
				line,
				{
					action: step,
					from: line.discrepancy,
					to: resolved,
					reason: audit.perLocale((l) =>
						[l === 'en' ? line.itemEn : line.itemZh, followUp?.number, note]
							.filter(Boolean)
							.join(' · ')
					)
				},
				{ sponsor: 'discrepancy_resolved' }
			);
			return { followUp };
		});
}
