import { sql, type Kysely, type SqlBool } from 'kysely';
import { z } from 'zod';
import { m } from '$lib/paraglide/messages.js';
import {
	can,
	filterAccess,
	loadFacts,
	requireAccess,
	requireRole,
	scopes,
	type Actor
} from '../access';
import { record } from '../audit';
import { getDb } from '../db';
import type { Database } from '../db/schema';
import { NotFound, RuleViolation } from '../errors';
import { clean, issueMessage } from '../forms';
import { notify, recipients } from '../notifications/notify';
import * as uploads from '../uploads/uploads';
import * as requests from './requests';
import * as shipments from './shipments';
import * as time from '../time';

export const BODY_MAX = 1000;
export const MAX_PHOTOS = 4;
export const PAGE_SIZE = 20;
const EXCERPT = 280;

/** A request counts as delivered from `delivered` on; a shipment once its receipt is confirmed. */
const DELIVERED_REQUEST = requests.THANKABLE;
const DELIVERED_SHIPMENT = shipments.THANKABLE;

/** What a note thanks for: a delivered request, or a received shipment. */
export type Target = { request: number } | { shipment: number };

export const Body = z.string().transform(clean).pipe(z.string().min(1).max(BODY_MAX));

export interface TargetView {
	kind: 'request' | 'shipment';
	id: number;
	schoolId: number;
	schoolName: string;
	/** The request's purpose or the shipment's number. */
	label: string;
	delivered: boolean;
}

type Reader = Kysely<Database>;

async function findTarget(db: Reader, target: Target): Promise<TargetView | undefined> {
	if ('request' in target) {
		const row = await db
			.selectFrom('supplyRequest')
			.innerJoin('school', 'school.id', 'supplyRequest.schoolId')
			.select([
				'supplyRequest.id',
				'supplyRequest.schoolId',
				'supplyRequest.purpose',
				'supplyRequest.status',
				'school.name as schoolName'
			])
			.where('supplyRequest.id', '=', target.request)
			.executeTakeFirst();
		return (
			row && {
				kind: 'request',
				id: row.id,
				schoolId: row.schoolId,
				schoolName: row.schoolName,
				label: row.purpose,
				delivered: (DELIVERED_REQUEST as readonly string[]).includes(row.status)
			}
		);
	}
	const row = await db
		.selectFrom('shipment')
		.innerJoin('school', 'school.id', 'shipment.schoolId')
		.select([
			'shipment.id',
			'shipment.schoolId',
			'shipment.number',
			'shipment.status',
			'school.name as schoolName'
		])
		.where('shipment.id', '=', target.shipment)
		.executeTakeFirst();
	return (
		row && {
			kind: 'shipment',
			id: row.id,
			schoolId: row.schoolId,
			schoolName: row.schoolName,
			label: row.number,
			delivered: (DELIVERED_SHIPMENT as readonly string[]).includes(row.status)
		}
	);
}

/**
 * The delivery a teacher is about to thank for, for the form. Another school's request or shipment
 * (or one that doesn't exist) is NotFound; one not delivered yet comes back with `delivered: false`.
 */
export async function target(actor: Actor, what: Target): Promise<TargetView> {
	const found = await findTarget(getDb(), what);
	if (!found) throw new NotFound();
	await requireAccess(actor, 'thanks.create', found.schoolId, { hide: true });
	return found;
}

/** The teacher's school's deliveries that can be thanked for, newest first. */
export async function deliveries(actor: Actor): Promise<{
	requests: { id: number; purpose: string }[];
	shipments: { id: number; number: string }[];
}> {
	requireRole(actor, 'thanks.write');
	const schoolId = actor.schoolId!;
	const db = getDb();
	const [requests, shipments] = await Promise.all([
		db
			.selectFrom('supplyRequest')
			.select(['id', 'purpose'])
			.where('schoolId', '=', schoolId)
			.where('status', 'in', DELIVERED_REQUEST)
			.orderBy('updatedAt', 'desc')
			.limit(50)
			.execute(),
		db
			.selectFrom('shipment')
			.select(['id', 'number'])
			.where('schoolId', '=', schoolId)
			.where('status', 'in', DELIVERED_SHIPMENT)
			.orderBy('createdAt', 'desc')
			.limit(50)
			.execute()
	]);
	return { requests, shipments };
}

export interface NoteInput {
	body: string;
	isPublic: boolean;
}

/**
 * A teacher of the school thanks the sponsors for a delivery: a note of 1..BODY_MAX characters with
 * up to MAX_PHOTOS photos, public or for the givers only. The sponsors who gave are notified.
 * Returns the note's id.
 */
export async function create(
	actor: Actor,
	what: Target,
	input: NoteInput,
	photos: readonly File[] = []
): Promise<number> {
	const found = await target(actor, what);
	const body = Body.safeParse(input.body);
	if (!body.success) throw new RuleViolation(issueMessage(body.error.issues[0]), 'body');
	if (!found.delivered) throw new RuleViolation(m.thanks_not_delivered());

	// Photos are checked, shrunk and written before the transaction: slow work stays outside it.
	const uploadIds = await uploads.saveImages(actor, photos, {
		purpose: 'thank_you',
		schoolId: found.schoolId,
		field: 'photos'
	});
	try {
		return await getDb()
			.transaction()
			.execute(async (trx) => {
				const now = time.now();
				const refs = {
					requestId: found.kind === 'request' ? found.id : null,
					shipmentId: found.kind === 'shipment' ? found.id : null
				};
				// Inserted only while the delivery still stands, decided by the database.
				const delivered =
					found.kind === 'request'
						? sql<SqlBool>`exists (select 1 from supply_request where id = ${found.id} and school_id = ${found.schoolId} and status in (${sql.join(DELIVERED_REQUEST)}))`
						: sql<SqlBool>`exists (select 1 from shipment where id = ${found.id} and school_id = ${found.schoolId} and status in (${sql.join(DELIVERED_SHIPMENT)}))`;
				const note = await trx
					.insertInto('thankYouNote')
					.columns([
						'schoolId',
						'requestId',
						'shipmentId',
						'authorId',
						'body',
						'isPublic',
						'createdAt'
					])
					.expression(
						trx
							.selectNoFrom((eb) => [
								eb.val(found.schoolId).as('schoolId'),
								eb.val(refs.requestId).as('requestId'),
								eb.val(refs.shipmentId).as('shipmentId'),
								eb.val(actor.id).as('authorId'),
								eb.val(body.data).as('body'),
								eb.val(input.isPublic ? 1 : 0).as('isPublic'),
								eb.val(now).as('createdAt')
							])
							.where(delivered)
					)
					.returning('id')
					.executeTakeFirst();
				if (!note) throw new RuleViolation(m.thanks_not_delivered());
				if (uploadIds.length > 0) {
					await trx
						.insertInto('thankYouPhoto')
						.values(uploadIds.map((uploadId) => ({ noteId: note.id, uploadId })))
						.execute();
				}
				await record(trx, {
					actorId: actor.id,
					subject: 'thanks',
					subjectId: note.id,
					action: 'posted',
					to: input.isPublic ? 'public' : 'private'
				});
				const facts = await loadFacts('thanks', [note.id], trx);
				const givers = facts.get(note.id)?.organisationIds ?? [];
				await notify(trx, await recipients(trx, { role: 'sponsor', organisationIds: givers }), {
					kind: 'thanks_posted',
					subject: 'thanks',
					subjectId: note.id,
					params: { school: found.schoolName }
				});
				return note.id;
			});
	} catch (e) {
		await uploads.discard(actor, uploadIds);
		throw e;
	}
}

export interface NoteSummary {
	id: number;
	schoolName: string;
	/** The note, cut to a readable length for lists. */
	excerpt: string;
	isPublic: boolean;
	createdAt: number;
	requestId: number | null;
	shipmentNumber: string | null;
	photoCount: number;
}

export interface NoteView extends Omit<NoteSummary, 'excerpt' | 'photoCount'> {
	body: string;
	/** Shown to those who see the note as its school or its givers; null for the public. */
	authorName: string | null;
	photos: { id: number; width: number; height: number }[];
	/** Links the viewer may follow. */
	requestHref: string | null;
	shipmentHref: string | null;
}

function excerpt(body: string): string {
	const chars = [...body];
	return chars.length <= EXCERPT ? body : chars.slice(0, EXCERPT).join('').trimEnd() + '…';
}

/**
 * The notes the actor may see (anyone: public ones), newest first, a page at a time; with
 * `requestId`, only those thanking for that request or a shipment that carried its lines.
 */
export async function list(
	actor: Actor | null,
	options: { page?: number; requestId?: number } = {}
): Promise<{ items: NoteSummary[]; page: number; pages: number; total: number }> {
	requireRole(actor, 'thanks.list');
	const db = getDb();
	let query = db.selectFrom('thankYouNote as n').where(scopes.thanks(actor, 'n'));
	if (options.requestId !== undefined) {
		const requestId = options.requestId;
		query = query.where((eb) =>
			eb.or([
				eb('n.requestId', '=', requestId),
				eb(
					'n.shipmentId',
					'in',
					eb
						.selectFrom('shipmentLine')
						.innerJoin('requestLine', 'requestLine.id', 'shipmentLine.requestLineId')
						.select('shipmentLine.shipmentId')
						.where('requestLine.requestId', '=', requestId)
				)
			])
		);
	}
	const counted = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
	const total = Number(counted?.n ?? 0);
	const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
	const page = Math.min(Math.max(1, Math.trunc(options.page ?? 1) || 1), pages);
	const rows = await query
		.innerJoin('school', 'school.id', 'n.schoolId')
		.leftJoin('shipment', 'shipment.id', 'n.shipmentId')
		.select((eb) => [
			'n.id',
			'n.body',
			'n.isPublic',
			'n.createdAt',
			'n.requestId',
			'school.name as schoolName',
			'shipment.number as shipmentNumber',
			eb
				.selectFrom('thankYouPhoto')
				.select((e) => e.fn.countAll<number>().as('c'))
				.whereRef('thankYouPhoto.noteId', '=', 'n.id')
				.as('photoCount')
		])
		.orderBy('n.createdAt', 'desc')
		.orderBy('n.id', 'desc')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return {
		items: rows.map((r) => ({
			id: r.id,
			schoolName: r.schoolName,
			excerpt: excerpt(r.body),
			isPublic: r.isPublic === 1,
			createdAt: r.createdAt,
			requestId: r.requestId,
			shipmentNumber: r.shipmentNumber,
			photoCount: Number(r.photoCount ?? 0)
		})),
		page,
		pages,
		total
	};
}

/** One note with its photos, for whoever may see it; to anyone else it doesn't exist. */
export async function get(actor: Actor | null, id: number): Promise<NoteView> {
	const db = getDb();
	const note = await db
		.selectFrom('thankYouNote as n')
		.innerJoin('school', 'school.id', 'n.schoolId')
		.innerJoin('user', 'user.id', 'n.authorId')
		.leftJoin('shipment', 'shipment.id', 'n.shipmentId')
		.leftJoin('supplyRequest', 'supplyRequest.id', 'n.requestId')
		.select([
			'n.id',
			'n.schoolId',
			'n.requestId',
			'n.shipmentId',
			'n.body',
			'n.isPublic',
			'n.createdAt',
			'school.name as schoolName',
			'user.displayName as authorName',
			'shipment.number as shipmentNumber',
			'supplyRequest.status as requestStatus'
		])
		.where('n.id', '=', id)
		.executeTakeFirst();
	if (!note) throw new NotFound();
	const facts = await requireAccess(actor, 'thanks.view', note.id);
	// Seeing it only because it is public shows the school, not the teacher.
	const privileged = can(actor, 'thanks.viewAuthor', facts);
	const photos = await db
		.selectFrom('thankYouPhoto')
		.innerJoin('upload', 'upload.id', 'thankYouPhoto.uploadId')
		.select(['upload.id', 'upload.width', 'upload.height'])
		.where('thankYouPhoto.noteId', '=', note.id)
		.orderBy('upload.id')
		.execute();
	const requestVisible =
		note.requestId !== null &&
		(await filterAccess(actor, 'request.view', [note.requestId])).has(note.requestId);
	const shipmentVisible =
		note.shipmentId !== null &&
		(await filterAccess(actor, 'shipment.view', [note.shipmentId])).has(note.shipmentId);
	return {
		id: note.id,
		schoolName: note.schoolName,
		body: note.body,
		isPublic: note.isPublic === 1,
		createdAt: note.createdAt,
		requestId: note.requestId,
		shipmentNumber: note.shipmentNumber,
		authorName: privileged ? note.authorName : null,
		photos,
		requestHref: requestVisible ? `/requests/${note.requestId}` : null,
		shipmentHref: shipmentVisible ? `/shipments/${note.shipmentId}` : null
	};
}
