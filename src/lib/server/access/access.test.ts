import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import { ROLES } from '../db/schema';
import { seedDemo } from '../demo/seed';
import * as pledges from '../donations/pledges';
import * as requests from '../donations/requests';
import * as shipments from '../donations/shipments';
import * as thanks from '../donations/thanks';
import { Conflict, Forbidden, NotFound } from '../errors';
import * as notifications from '../notifications/notifications';
import { createTestDb } from '../testing/db';
import { can, filterAccess, loadFacts, requireAccess, scopes } from '.';
import type { Actor, FactsByKind, KindAction } from './policy';

/**
 * The access layer over the demo program: the facts it loads are the rows' facts, and every list
 * scope returns exactly what the matching `*.view` rule allows, for the demo's people and for
 * random actors (any role, any school or organisation, real or not).
 */
let ids: { schools: number[]; organisations: number[]; users: number[] };
let people: Actor[];

beforeAll(async () => {
	await createTestDb();
	await seedDemo();
	const db = getDb();
	const users = await db
		.selectFrom('user')
		.select(['id', 'role', 'schoolId', 'organisationId'])
		.execute();
	people = users;
	// An edge the demo's flows don't make: a storeroom shipment whose line carries a sponsor's pledge,
	// so a giver is known only through a line (the scope must look at lines, not just the sender).
	const pledge = await db
		.selectFrom('pledge')
		.select(['id', 'requestLineId'])
		.executeTakeFirstOrThrow();
	const school = await db.selectFrom('school').select('id').executeTakeFirstOrThrow();
	const coordinator = users.find((u) => u.role === 'coordinator')!;
	const shipment = await db
		.insertInto('shipment')
		.values({
			number: 'SH-2000-0001',
			schoolId: school.id,
			source: 'stock',
			organisationId: null,
			dispatchedOn: null,
			status: 'preparing',
			createdBy: coordinator.id,
			createdAt: 0,
			updatedAt: 0
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('shipmentLine')
		.values({
			shipmentId: shipment.id,
			requestLineId: pledge.requestLineId,
			pledgeId: pledge.id,
			catalogItemId: null,
			description: 'edge',
			replacesCatalogItemId: null,
			replacesShipmentLineId: null,
			quantity: 1,
			quantityReceived: null,
			confirmedBy: null,
			confirmedAt: null,
			resolution: null,
			resolvedBy: null,
			resolvedAt: null
		})
		.execute();
	ids = {
		schools: (await db.selectFrom('school').select('id').execute()).map((r) => r.id),
		organisations: (await db.selectFrom('organisation').select('id').execute()).map((r) => r.id),
		users: users.map((u) => u.id)
	};
}, 60_000);

const allIds = async (
	table: 'supplyRequest' | 'pledge' | 'shipment' | 'thankYouNote' | 'upload' | 'notification'
) => (await getDb().selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id);

describe('loaded facts', () => {
	it('a request: its school and status, as in its row', async () => {
		const rows = await getDb()
			.selectFrom('supplyRequest')
			.select(['id', 'schoolId', 'status'])
			.execute();
		const facts = await loadFacts(
			'request',
			rows.map((r) => r.id)
		);
		expect(rows.length).toBeGreaterThan(5);
		for (const r of rows) expect(facts.get(r.id)).toEqual(r);
	});

	it('a pledge: its organisation and status', async () => {
		const rows = await getDb()
			.selectFrom('pledge')
			.select(['id', 'organisationId', 'status'])
			.execute();
		const facts = await loadFacts(
			'pledge',
			rows.map((r) => r.id)
		);
		expect(rows.length).toBeGreaterThan(0);
		for (const r of rows) expect(facts.get(r.id)).toEqual(r);
	});

	it('a shipment: its school, status and every sponsor that sent it or whose pledge it carries', async () => {
		const db = getDb();
		const rows = await db.selectFrom('shipment').selectAll().execute();
		const facts = await loadFacts(
			'shipment',
			rows.map((r) => r.id)
		);
		expect(rows.length).toBeGreaterThan(2);
		for (const s of rows) {
			const lines = await db
				.selectFrom('shipmentLine')
				.leftJoin('pledge', 'pledge.id', 'shipmentLine.pledgeId')
				.select('pledge.organisationId')
				.where('shipmentLine.shipmentId', '=', s.id)
				.execute();
			const givers = new Set<number>();
			if (s.organisationId !== null) givers.add(s.organisationId);
			for (const l of lines) if (l.organisationId !== null) givers.add(l.organisationId);
			expect(facts.get(s.id)).toEqual({
				id: s.id,
				schoolId: s.schoolId,
				status: s.status,
				organisationIds: [...givers].sort((a, b) => a - b)
			});
		}
	});

	it('a thank-you note: its school, public flag and the givers of what it thanks for', async () => {
		const db = getDb();
		const notes = await db.selectFrom('thankYouNote').selectAll().execute();
		const facts = await loadFacts(
			'thanks',
			notes.map((n) => n.id)
		);
		const shipmentFacts = await loadFacts(
			'shipment',
			notes.flatMap((n) => (n.shipmentId ? [n.shipmentId] : []))
		);
		expect(notes.length).toBeGreaterThan(0);
		for (const n of notes) {
			const pledgers = n.requestId
				? await db
						.selectFrom('pledge')
						.innerJoin('requestLine', 'requestLine.id', 'pledge.requestLineId')
						.select('pledge.organisationId')
						.where('requestLine.requestId', '=', n.requestId)
						.where('pledge.status', '!=', 'cancelled')
						.execute()
				: [];
			const givers = new Set(pledgers.map((p) => p.organisationId));
			for (const o of shipmentFacts.get(n.shipmentId ?? 0)?.organisationIds ?? []) givers.add(o);
			expect(facts.get(n.id)).toEqual({
				id: n.id,
				schoolId: n.schoolId,
				isPublic: n.isPublic === 1,
				organisationIds: [...givers].sort((a, b) => a - b)
			});
		}
	});

	it('a missing or malformed id has no facts', async () => {
		const facts = await loadFacts('request', [999_999, -1, 0, 1.5, Number.NaN]);
		expect(facts.size).toBe(0);
	});

	it('many ids in a fixed number of queries: chunks over the parameter limit still answer', async () => {
		const many = Array.from({ length: 1_200 }, (_, i) => i + 1);
		const facts = await loadFacts('request', many);
		expect(facts.size).toBe((await allIds('supplyRequest')).length);
	});
});

describe('requireAccess and filterAccess', () => {
	const coordinator = () => people.find((p) => p.role === 'coordinator')!;
	const teacher = () => people.find((p) => p.role === 'teacher')!;

	it('absent is NotFound; hidden is NotFound; seen but not allowed is Forbidden; wrong state is the conflict given', async () => {
		const db = getDb();
		await expect(requireAccess(coordinator(), 'request.view', 999_999)).rejects.toBeInstanceOf(
			NotFound
		);
		const other = await db
			.selectFrom('supplyRequest')
			.select('id')
			.where('schoolId', '!=', teacher().schoolId!)
			.where('status', '=', 'draft')
			.executeTakeFirstOrThrow();
		await expect(requireAccess(teacher(), 'request.view', other.id)).rejects.toBeInstanceOf(
			NotFound
		);
		const own = await db
			.selectFrom('supplyRequest')
			.select('id')
			.where('schoolId', '=', teacher().schoolId!)
			.where('status', '=', 'approved')
			.executeTakeFirstOrThrow();
		await expect(requireAccess(teacher(), 'request.review', own.id)).rejects.toBeInstanceOf(
			Forbidden
		);
		await expect(
			requireAccess(teacher(), 'request.submit', own.id, {
				conflict: () => new Conflict('now approved')
			})
		).rejects.toBeInstanceOf(Conflict);
		await expect(requireAccess(teacher(), 'request.view', own.id)).resolves.toMatchObject({
			id: own.id
		});
	});

	it('filterAccess keeps exactly the ids the actor may act on', async () => {
		const all = await allIds('supplyRequest');
		const t = teacher();
		const kept = await filterAccess(t, 'request.view', [...all, 999_999]);
		const facts = await loadFacts('request', all);
		expect([...kept].sort((a, b) => a - b)).toEqual(
			all.filter((id) => can(t, 'request.view', facts.get(id)!))
		);
	});
});

// ---- Scopes: the list rule in SQL is the view rule in TypeScript ----

const arbitraryActor = () =>
	fc.oneof(
		fc.constantFrom(...people),
		fc.record({
			id: fc.constantFrom(...ids.users, 999_999),
			role: fc.constantFrom(...ROLES),
			schoolId: fc.constantFrom(...ids.schools, null, 999_999),
			organisationId: fc.constantFrom(...ids.organisations, null, 999_999)
		})
	);

type Scoped = {
	[K in keyof typeof scopes]: {
		table: 'supplyRequest' | 'pledge' | 'shipment' | 'thankYouNote' | 'upload' | 'notification';
		kind: K extends 'request' | 'pledge' | 'shipment' | 'thanks' | 'upload' | 'notification'
			? K
			: never;
		view: KindAction;
	};
};
const SCOPED: Scoped[keyof Scoped][] = [
	{ table: 'supplyRequest', kind: 'request', view: 'request.view' },
	{ table: 'pledge', kind: 'pledge', view: 'pledge.view' },
	{ table: 'shipment', kind: 'shipment', view: 'shipment.view' },
	{ table: 'thankYouNote', kind: 'thanks', view: 'thanks.view' },
	{ table: 'upload', kind: 'upload', view: 'upload.view' },
	{ table: 'notification', kind: 'notification', view: 'notification.view' }
];

describe.each(SCOPED)('the $kind scope', ({ table, kind, view }) => {
	it(`returns exactly the rows '${view}' allows, for any actor`, async () => {
		const every = await allIds(table);
		expect(every.length, `demo ${table} rows`).toBeGreaterThan(0);
		const facts = (await loadFacts(kind, every)) as Map<number, FactsByKind[typeof kind]>;
		const check = can as (a: Actor | null, action: KindAction, f: unknown) => boolean;
		await fc.assert(
			fc.asyncProperty(fc.option(arbitraryActor(), { nil: null }), async (actor) => {
				const listed = (
					await getDb()
						.selectFrom(table)
						.where(scopes[kind](actor))
						.select('id')
						.orderBy('id')
						.execute()
				).map((r) => r.id);
				const allowed = every.filter((id) => check(actor, view, facts.get(id)));
				expect(listed).toEqual(allowed);
			}),
			{ numRuns: 60 }
		);
	});
});

describe('every list uses its scope', () => {
	const visibleCount = async (
		kind: 'request' | 'pledge' | 'shipment' | 'thanks' | 'notification',
		actor: Actor | null,
		view: KindAction,
		table: Parameters<typeof allIds>[0]
	) => {
		const every = await allIds(table);
		const facts = await loadFacts(kind, every);
		const check = can as (a: Actor | null, action: KindAction, f: unknown) => boolean;
		return every.filter((id) => check(actor, view, facts.get(id))).length;
	};

	it('each demo person (and the public) gets the totals their view rule allows', async () => {
		for (const actor of people) {
			if (can(actor, 'request.list')) {
				const listed = await requests.list(actor, { status: 'all' });
				expect(listed.total, `requests for ${actor.id}`).toBe(
					await visibleCount('request', actor, 'request.view', 'supplyRequest')
				);
			}
			if (can(actor, 'pledge.list')) {
				const listed = await pledges.list(actor);
				expect(listed.total, `pledges for ${actor.id}`).toBe(
					await visibleCount('pledge', actor, 'pledge.view', 'pledge')
				);
			}
			if (can(actor, 'shipment.list')) {
				const listed = await shipments.list(actor);
				expect(listed.total, `shipments for ${actor.id}`).toBe(
					await visibleCount('shipment', actor, 'shipment.view', 'shipment')
				);
			}
			const notes = await thanks.list(actor);
			expect(notes.total, `notes for ${actor.id}`).toBe(
				await visibleCount('thanks', actor, 'thanks.view', 'thankYouNote')
			);
			const mine = await notifications.list(actor);
			expect(mine.total, `notifications for ${actor.id}`).toBe(
				await visibleCount('notification', actor, 'notification.view', 'notification')
			);
		}
		const publicNotes = await thanks.list(null);
		expect(publicNotes.total).toBe(
			await visibleCount('thanks', null, 'thanks.view', 'thankYouNote')
		);
	});
});
