import { getDb } from '../db';
import type { Category, RequestStatus } from '../db/schema';
import { makeSchool, makeUser } from './factories';
import * as time from '../time';

let sequence = 0;

/** A catalog item, inserted directly (the catalog service is not needed to test pledges and stock). */
export async function makeCatalogItem(
	input: { name?: string; category?: Category; unitValueFen?: number; active?: boolean } = {}
) {
	return getDb()
		.insertInto('catalogItem')
		.values({
			name: input.name ?? `Item ${++sequence}`,
			category: input.category ?? 'book',
			unit: 'pcs',
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
 * A supply request in the given state (approved by default) with its lines, inserted directly.
 * Returns the request, its school and teacher, and the line ids in order.
 */
export async function makeApprovedRequest(
	input: { schoolId?: number; status?: RequestStatus; neededBy?: string; lines?: LineSpec[] } = {}
) {
	const schoolId = input.schoolId ?? (await makeSchool()).id;
	const teacher = await makeUser('teacher', { schoolId });
	const now = time.now();
	const request = await getDb()
		.insertInto('supplyRequest')
		.values({
			schoolId,
			createdBy: teacher.id,
			purpose: 'A reading corner for grade 3',
			neededBy: input.neededBy ?? '2027-03-01',
			status: input.status ?? 'approved',
			submittedAt: now,
			reviewedAt: now,
			reviewedBy: null,
			deliveredAt: null,
			createdAt: now,
			updatedAt: now
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	const specs = input.lines ?? [{ approved: 10 }];
	const lineIds: number[] = [];
	for (const [i, spec] of specs.entries()) {
		const catalogItemId =
			spec.catalogItemId === undefined ? (await makeCatalogItem()).id : spec.catalogItemId;
		const approved = spec.approved === undefined ? 10 : spec.approved;
		const line = await getDb()
			.insertInto('requestLine')
			.values({
				requestId: request.id,
				position: i + 1,
				catalogItemId,
				description: spec.description ?? (catalogItemId === null ? 'A described item' : ''),
				quantityRequested: spec.requested ?? Math.max(approved ?? 1, 1),
				quantityApproved: approved
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		lineIds.push(line.id);
	}
	return { request, schoolId, teacher, lineIds };
}

export async function lineOf(lineId: number) {
	return getDb()
		.selectFrom('requestLine')
		.selectAll()
		.where('id', '=', lineId)
		.executeTakeFirstOrThrow();
}
