import type { Kysely } from 'kysely';
import { getDb } from '../db';
import type { Database } from '../db/schema';
import type { FactsByKind, Kind } from './policy';
import { pledgeLifecycle } from '../donations/lifecycles';

/**
 * The access repository: for each kind of thing, exactly the facts its rules decide on, for many
 * ids in a fixed number of queries (never one per id). Callers pass ids; nobody else builds facts.
 */
type Db = Kysely<Database>;
type Loader<K extends Kind> = (db: Db, ids: number[]) => Promise<Map<number, FactsByKind[K]>>;

const CHUNK = 500;

/** Runs `query` over ids in chunks (SQLite and PostgreSQL both cap bound parameters). */
async function chunked<T>(ids: number[], query: (chunk: number[]) => Promise<T[]>): Promise<T[]> {
	const unique = [...new Set(ids)].filter((id) => Number.isSafeInteger(id) && id > 0);
	const out: T[] = [];
	for (let i = 0; i < unique.length; i += CHUNK)
		out.push(...(await query(unique.slice(i, i + CHUNK))));
	return out;
}

function addTo(map: Map<number, Set<number>>, key: number, value: number | null) {
	if (value === null) return;
	let set = map.get(key);
	if (!set) map.set(key, (set = new Set()));
	set.add(value);
}

const sorted = (set: Set<number> | undefined) => [...(set ?? [])].sort((a, b) => a - b);

const school: Loader<'school'> = async (db, ids) => {
	const rows = await chunked(ids, (c) =>
		db.selectFrom('school').select('id').where('id', 'in', c).execute()
	);
	return new Map(rows.map((r) => [r.id, { id: r.id }]));
};

const user: Loader<'user'> = async (db, ids) => {
	const rows = await chunked(ids, (c) =>
		db.selectFrom('user').select(['id', 'role', 'schoolId']).where('id', 'in', c).execute()
	);
	return new Map(rows.map((r) => [r.id, r]));
};

const request: Loader<'request'> = async (db, ids) => {
	const rows = await chunked(ids, (c) =>
		db
			.selectFrom('supplyRequest')
			.select(['id', 'schoolId', 'status'])
			.where('id', 'in', c)
			.execute()
	);
	return new Map(rows.map((r) => [r.id, r]));
};

const pledge: Loader<'pledge'> = async (db, ids) => {
	const rows = await chunked(ids, (c) =>
		db
			.selectFrom('pledge')
			.select(['id', 'organisationId', 'status'])
			.where('id', 'in', c)
			.execute()
	);
	return new Map(rows.map((r) => [r.id, r]));
};

/** Every sponsor that gave to a shipment: the one that sent it and those whose pledges it carries. */
const shipment: Loader<'shipment'> = async (db, ids) => {
	const rows = await chunked(ids, (c) =>
		db
			.selectFrom('shipment')
			.leftJoin('shipmentLine', 'shipmentLine.shipmentId', 'shipment.id')
			.leftJoin('pledge', 'pledge.id', 'shipmentLine.pledgeId')
			.select([
				'shipment.id',
				'shipment.schoolId',
				'shipment.status',
				'shipment.organisationId as shipmentOrg',
				'pledge.organisationId as pledgeOrg'
			])
			.where('shipment.id', 'in', c)
			.execute()
	);
	const givers = new Map<number, Set<number>>();
	const out = new Map<number, FactsByKind['shipment']>();
	for (const r of rows) {
		addTo(givers, r.id, r.shipmentOrg);
		addTo(givers, r.id, r.pledgeOrg);
		if (!out.has(r.id))
			out.set(r.id, { id: r.id, schoolId: r.schoolId, status: r.status, organisationIds: [] });
	}
	for (const [id, facts] of out) facts.organisationIds = sorted(givers.get(id));
	return out;
};

/**
 * Who gave to what a note thanks for: every pledge on the request's lines that wasn't cancelled;
 * for a shipment, every giver of the shipment (even a pledge withdrawn after a discrepancy: those
 * goods did go out).
 */
const thanks: Loader<'thanks'> = async (db, ids) => {
	const notes = await chunked(ids, (c) =>
		db
			.selectFrom('thankYouNote')
			.select(['id', 'schoolId', 'requestId', 'shipmentId', 'isPublic'])
			.where('id', 'in', c)
			.execute()
	);
	const requestIds = notes.flatMap((n) => (n.requestId === null ? [] : [n.requestId]));
	const pledgers = await chunked(requestIds, (c) =>
		db
			.selectFrom('pledge')
			.innerJoin('requestLine', 'requestLine.id', 'pledge.requestLineId')
			.select(['requestLine.requestId', 'pledge.organisationId'])
			.where('requestLine.requestId', 'in', c)
			.where('pledge.status', '!=', pledgeLifecycle.cancel.to)
			.execute()
	);
	const byRequest = new Map<number, Set<number>>();
	for (const p of pledgers) addTo(byRequest, p.requestId, p.organisationId);
	const shipments = await shipment(
		db,
		notes.flatMap((n) => (n.shipmentId === null ? [] : [n.shipmentId]))
	);
	return new Map(
		notes.map((n) => {
			const givers = new Set(byRequest.get(n.requestId ?? 0));
			for (const org of shipments.get(n.shipmentId ?? 0)?.organisationIds ?? []) givers.add(org);
			return [
				n.id,
				{
					id: n.id,
					schoolId: n.schoolId,
					organisationIds: sorted(givers),
					isPublic: n.isPublic === 1
				}
			];
		})
	);
};

/**
 * A photo: a receipt photo is seen by the sponsor that sent its shipment and the one whose pledge
 * its line carried; a thank-you photo by its notes' givers, and by anyone if one of them is public.
 */
const upload: Loader<'upload'> = async (db, ids) => {
	const uploads = await chunked(ids, (c) =>
		db.selectFrom('upload').select(['id', 'schoolId']).where('id', 'in', c).execute()
	);
	const found = uploads.map((u) => u.id);
	const receiptGivers = await chunked(found, (c) =>
		db
			.selectFrom('receiptPhoto')
			.innerJoin('shipmentLine', 'shipmentLine.id', 'receiptPhoto.shipmentLineId')
			.innerJoin('shipment', 'shipment.id', 'shipmentLine.shipmentId')
			.leftJoin('pledge', 'pledge.id', 'shipmentLine.pledgeId')
			.select([
				'receiptPhoto.uploadId',
				'shipment.organisationId as shipmentOrg',
				'pledge.organisationId as pledgeOrg'
			])
			.where('receiptPhoto.uploadId', 'in', c)
			.execute()
	);
	const notePhotos = await chunked(found, (c) =>
		db
			.selectFrom('thankYouPhoto')
			.select(['uploadId', 'noteId'])
			.where('uploadId', 'in', c)
			.execute()
	);
	const notes = await thanks(
		db,
		notePhotos.map((p) => p.noteId)
	);
	const givers = new Map<number, Set<number>>();
	const isPublic = new Set<number>();
	for (const r of receiptGivers) {
		addTo(givers, r.uploadId, r.shipmentOrg);
		addTo(givers, r.uploadId, r.pledgeOrg);
	}
	for (const p of notePhotos) {
		const note = notes.get(p.noteId);
		if (!note) continue;
		if (note.isPublic) isPublic.add(p.uploadId);
		for (const org of note.organisationIds) addTo(givers, p.uploadId, org);
	}
	return new Map(
		uploads.map((u) => [
			u.id,
			{
				id: u.id,
				schoolId: u.schoolId,
				organisationIds: sorted(givers.get(u.id)),
				isPublic: isPublic.has(u.id)
			}
		])
	);
};

const notification: Loader<'notification'> = async (db, ids) => {
	const rows = await chunked(ids, (c) =>
		db.selectFrom('notification').select(['id', 'userId']).where('id', 'in', c).execute()
	);
	return new Map(rows.map((r) => [r.id, r]));
};

const loaders: { [K in Kind]: Loader<K> } = {
	school,
	user,
	request,
	pledge,
	shipment,
	thanks,
	upload,
	notification
};

/** The facts of each id that exists (absent ids are absent from the map). */
export function loadFacts<K extends Kind>(
	kind: K,
	ids: readonly number[],
	db: Db = getDb()
): Promise<Map<number, FactsByKind[K]>> {
	return loaders[kind](db, [...ids]);
}
