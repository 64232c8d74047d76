import { getDb } from '../db';
import type { Category, RequestStatus, Unit } from '../db/schema';
import { makeSchool, makeUser } from './factories';
import * as time from '../time';
import type { Actor } from '../access';
import * as requests from '../donations/requests';
import { isIn, requestLifecycle, targets } from '../donations/lifecycles';

let sequence = 0;

/** A catalog item, inserted directly (the catalog service is not needed to test pledges and stock). */
export async function makeCatalogItem(
	input: {
		/** Both names at once; `nameZh`/`nameEn` set one each. */
		name?: string;
		nameZh?: string;
		nameEn?: string;
		category?: Category;
		unit?: Unit;
		unitValueFen?: number;
		active?: boolean;
	} = {}
) {
	const n = ++sequence;
	return getDb()
		.insertInto('catalogItem')
		.values({
			nameZh: input.nameZh ?? input.name ?? `物品 ${n}`,
			nameEn: input.nameEn ?? input.name ?? `Item ${n}`,
			category: input.category ?? 'book',
			unit: input.unit ?? 'piece',
			ageBand: 'all',
			unitValueFen: input.unitValueFen ?? 2500,
			active: input.active === false ? 0 : 1,
			createdAt: time.now()
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

export interface LineSpec {
	catalogItemId?: number | null;
	description?: string;
	requested?: number;
	/** null: not reviewed yet. */
	approved?: number | null;
}

/**
 * A supply request in the given state (approved by default) with its lines, made the way people
 * make one: the school's teacher drafts and submits it, a coordinator reviews it line by line
 * (a cut or a rejection with its reason). States past approval that only shipments reach
 * (fulfilling, delivered, closed) are then set on the request row. Returns the request, its
 * school and teacher, and the line ids in order.
 */
export async function makeApprovedRequest(
	input: {
		schoolId?: number;
		/** The school's teacher who asks (one is made if absent). */
		teacher?: { id: number; actor: Actor };
		status?: RequestStatus;
		neededBy?: string;
		lines?: LineSpec[];
	} = {}
) {
	const schoolId = input.schoolId ?? input.teacher?.actor.schoolId ?? (await makeSchool()).id;
	const teacher = input.teacher ?? (await makeUser('teacher', { schoolId }));
	const author = teacher.actor;
	const specs = input.lines ?? [{ approved: 10 }];
	const lines = [];
	for (const spec of specs) {
		const catalogItemId =
			spec.catalogItemId === undefined ? (await makeCatalogItem()).id : spec.catalogItemId;
		const approved = spec.approved === undefined ? 10 : spec.approved;
		lines.push({
			catalogItemId,
			description: spec.description ?? (catalogItemId === null ? 'A described item' : ''),
			quantity: spec.requested ?? Math.max(approved ?? 1, 1),
			reason: '',
			approved
		});
	}
	const quiet = await latestNotification();
	const id = await requests.create(author, {
		purpose: 'A reading corner for grade 3',
		neededBy: input.neededBy ?? '2027-03-01',
		lines
	});
	const status = input.status ?? 'approved';
	if (status !== 'draft') await requests.submit(author, id);
	if (status !== 'draft' && status !== 'submitted') {
		const lineIds = await idsOf(id);
		await requests.review(await reviewer(), id, {
			note: lines.every((l) => (l.approved ?? 0) === 0) ? 'Not this term' : '',
			lines: lines.map((l, i) => ({
				lineId: lineIds[i],
				approved: l.approved ?? l.quantity,
				note: (l.approved ?? l.quantity) < l.quantity ? 'Budget' : ''
			}))
		});
		if (!isIn(status, targets(requestLifecycle.review)))
			await getDb().updateTable('supplyRequest').set({ status }).where('id', '=', id).execute();
	}
	// The request's own making tells coordinators and teachers; tests look only at what follows.
	await getDb().deleteFrom('notification').where('id', '>', quiet).execute();
	const request = await getDb()
		.selectFrom('supplyRequest')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirstOrThrow();
	return { request, requestId: id, schoolId, teacher, lineIds: await idsOf(id) };
}

async function latestNotification(): Promise<number> {
	const row = await getDb()
		.selectFrom('notification')
		.select('id')
		.orderBy('id', 'desc')
		.executeTakeFirst();
	return row?.id ?? 0;
}

/** A coordinator to review: the test's own if it has one (so it isn't joined by a stranger). */
async function reviewer(): Promise<Actor> {
	const found = await getDb()
		.selectFrom('user')
		.select(['id', 'role', 'schoolId', 'organisationId'])
		.where('role', '=', 'coordinator')
		.where('disabledAt', 'is', null)
		.orderBy('id')
		.executeTakeFirst();
	return found ?? (await makeUser('coordinator')).actor;
}

async function idsOf(requestId: number): Promise<number[]> {
	const rows = await getDb()
		.selectFrom('requestLine')
		.select('id')
		.where('requestId', '=', requestId)
		.orderBy('position')
		.execute();
	return rows.map((r) => r.id);
}

export async function lineOf(lineId: number) {
	return getDb()
		.selectFrom('requestLine')
		.selectAll()
		.where('id', '=', lineId)
		.executeTakeFirstOrThrow();
}
