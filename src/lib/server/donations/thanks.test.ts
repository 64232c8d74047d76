import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { render } from 'svelte/server';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDb } from '../db';
import type { RequestStatus, ShipmentStatus } from '../db/schema';
import { NotFound, RuleViolation } from '../errors';
import * as notifications from '../notifications/notifications';
import { createTestDb } from '../testing/db';
import { makeOrganisation, makeSchool, makeUser } from '../testing/factories';
import NotePage from '../../../routes/thanks/[id=id]/+page.svelte';
import * as thanks from './thanks';

let uploadsDir: string;
beforeAll(() => {
	uploadsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-thanks-'));
	process.env.UPLOADS_DIR = uploadsDir;
});

async function makeRequest(schoolId: number, createdBy: number, status: RequestStatus) {
	const now = Date.now();
	const request = await getDb()
		.insertInto('supplyRequest')
		.values({
			schoolId,
			createdBy,
			purpose: 'Books for the reading corner',
			neededBy: '2027-03-01',
			status,
			submittedAt: now,
			reviewedAt: null,
			reviewedBy: null,
			deliveredAt: null,
			createdAt: now,
			updatedAt: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	const line = await getDb()
		.insertInto('requestLine')
		.values({
			requestId: request.id,
			position: 1,
			description: 'Picture books',
			quantityRequested: 10,
			quantityApproved: 10
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return { id: request.id, lineId: line.id };
}

async function pledge(
	lineId: number,
	sponsor: { id: number; organisationId: number | null },
	quantity = 5,
	status: 'active' | 'cancelled' | 'delivered' = 'delivered'
) {
	await getDb()
		.updateTable('requestLine')
		.set((eb) => ({
			quantityPledged: eb('quantityPledged', '+', status === 'cancelled' ? 0 : quantity)
		}))
		.where('id', '=', lineId)
		.execute();
	return getDb()
		.insertInto('pledge')
		.values({
			requestLineId: lineId,
			organisationId: sponsor.organisationId!,
			pledgedBy: sponsor.id,
			quantity,
			status,
			createdAt: Date.now(),
			cancelledAt: status === 'cancelled' ? Date.now() : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
}

let shipmentSeq = 0;
async function makeShipment(
	schoolId: number,
	createdBy: number,
	status: ShipmentStatus,
	organisationId: number | null = null
) {
	return getDb()
		.insertInto('shipment')
		.values({
			number: `SH-2026-${String(++shipmentSeq).padStart(4, '0')}`,
			schoolId,
			source: organisationId === null ? 'stock' : 'sponsor',
			organisationId,
			dispatchedOn: '2026-11-01',
			status,
			createdBy,
			createdAt: Date.now(),
			updatedAt: Date.now()
		})
		.returning('id')
		.executeTakeFirstOrThrow();
}

async function png(): Promise<File> {
	const data = await sharp({
		create: { width: 40, height: 30, channels: 3, background: { r: 40, g: 140, b: 80 } }
	})
		.png()
		.toBuffer();
	return new File([new Uint8Array(data)], 'class.png', { type: 'image/png' });
}

async function world() {
	const school = await makeSchool({ name: 'Hope Primary' });
	const teacher = await makeUser('teacher', { schoolId: school.id });
	const otherTeacher = await makeUser('teacher');
	const coordinator = await makeUser('coordinator');
	const giverOrg = await makeOrganisation({ name: 'Giver Co' });
	const giver = await makeUser('sponsor', { organisationId: giverOrg.id });
	const giverColleague = await makeUser('sponsor', { organisationId: giverOrg.id });
	const stranger = await makeUser('sponsor');
	const request = await makeRequest(school.id, teacher.id, 'delivered');
	await pledge(request.lineId, giver);
	return { school, teacher, otherTeacher, coordinator, giver, giverColleague, stranger, request };
}

const notesCount = async () =>
	Number(
		(
			await getDb()
				.selectFrom('thankYouNote')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.executeTakeFirstOrThrow()
		).n
	);

describe('thank-you notes', () => {
	beforeEach(async () => {
		await createTestDb();
	});

	it('may be posted only once the request is delivered or closed', async () => {
		const w = await world();
		for (const status of ['draft', 'submitted', 'approved', 'fulfilling', 'rejected'] as const) {
			const request = await makeRequest(w.school.id, w.teacher.id, status);
			expect((await thanks.target(w.teacher.actor, { request: request.id })).delivered).toBe(false);
			await expect(
				thanks.create(
					w.teacher.actor,
					{ request: request.id },
					{ body: 'Thank you!', isPublic: true }
				)
			).rejects.toBeInstanceOf(RuleViolation);
		}
		expect(await notesCount()).toBe(0);

		const closed = await makeRequest(w.school.id, w.teacher.id, 'closed');
		const a = await thanks.create(
			w.teacher.actor,
			{ request: w.request.id },
			{ body: 'Thank you!', isPublic: false }
		);
		const b = await thanks.create(
			w.teacher.actor,
			{ request: closed.id },
			{ body: '谢谢！', isPublic: false }
		);
		expect(a).toBeGreaterThan(0);
		expect(b).toBeGreaterThan(a);
		expect(await notesCount()).toBe(2);
	});

	it('may be posted for a shipment once its receipt is confirmed', async () => {
		const w = await world();
		const org = await makeOrganisation();
		const direct = await makeUser('sponsor', { organisationId: org.id });
		const dispatched = await makeShipment(w.school.id, w.coordinator.id, 'dispatched', org.id);
		await expect(
			thanks.create(
				w.teacher.actor,
				{ shipment: dispatched.id },
				{ body: 'Thanks', isPublic: false }
			)
		).rejects.toThrow(RuleViolation);
		const received = await makeShipment(w.school.id, w.coordinator.id, 'received', org.id);
		const id = await thanks.create(
			w.teacher.actor,
			{ shipment: received.id },
			{ body: 'Thanks', isPublic: false }
		);
		const note = await thanks.get(direct.actor, id);
		expect(note.shipmentNumber).toMatch(/^SH-2026-/);
		await expect(thanks.get(w.giver.actor, id)).rejects.toBeInstanceOf(NotFound);
		expect(await notifications.unreadCount(direct.actor)).toBe(1);
	});

	it('shows a shipment note to the sponsors whose pledges its lines carried', async () => {
		const w = await world();
		const shipment = await makeShipment(w.school.id, w.coordinator.id, 'received');
		const carried = await pledge(w.request.lineId, w.stranger, 2, 'cancelled');
		await getDb()
			.insertInto('shipmentLine')
			.values({
				shipmentId: shipment.id,
				requestLineId: w.request.lineId,
				pledgeId: carried.id,
				catalogItemId: null,
				description: 'Picture books',
				replacesCatalogItemId: null,
				replacesShipmentLineId: null,
				quantity: 2
			})
			.execute();
		const id = await thanks.create(
			w.teacher.actor,
			{ shipment: shipment.id },
			{ body: 'Thanks', isPublic: false }
		);
		expect((await thanks.get(w.stranger.actor, id)).id).toBe(id);
		expect((await thanks.list(w.stranger.actor)).items.map((n) => n.id)).toEqual([id]);
		await expect(thanks.get(w.giver.actor, id)).rejects.toBeInstanceOf(NotFound);
		expect((await thanks.list(w.giver.actor)).items).toEqual([]);
		expect(await notifications.unreadCount(w.stranger.actor)).toBe(1);
	});

	it("hides another school's delivery from a teacher, and from everyone who is not a teacher", async () => {
		const w = await world();
		await expect(
			thanks.target(w.otherTeacher.actor, { request: w.request.id })
		).rejects.toBeInstanceOf(NotFound);
		for (const actor of [
			w.otherTeacher.actor,
			w.coordinator.actor,
			w.giver.actor,
			(await makeUser('student', { schoolId: w.school.id })).actor
		]) {
			await expect(
				thanks.create(actor, { request: w.request.id }, { body: 'Thanks', isPublic: true })
			).rejects.toBeInstanceOf(NotFound);
		}
		await expect(
			thanks.create(w.teacher.actor, { request: 999_999 }, { body: 'Thanks', isPublic: true })
		).rejects.toBeInstanceOf(NotFound);
		const shipment = await makeShipment(w.school.id, w.coordinator.id, 'received');
		await expect(
			thanks.create(
				w.otherTeacher.actor,
				{ shipment: shipment.id },
				{ body: 'Thanks', isPublic: true }
			)
		).rejects.toBeInstanceOf(NotFound);
		expect(await notesCount()).toBe(0);
	});

	it('shows a private note to its school, coordinators and the sponsors who gave — nobody else', async () => {
		const w = await world();
		const cancelledOrg = await makeOrganisation();
		const withdrew = await makeUser('sponsor', { organisationId: cancelledOrg.id });
		await pledge(w.request.lineId, withdrew, 2, 'cancelled');
		const id = await thanks.create(
			w.teacher.actor,
			{ request: w.request.id },
			{ body: 'Private thanks', isPublic: false }
		);

		for (const actor of [
			w.teacher.actor,
			w.coordinator.actor,
			w.giver.actor,
			w.giverColleague.actor
		]) {
			expect((await thanks.get(actor, id)).body).toBe('Private thanks');
			expect((await thanks.list(actor)).items.map((n) => n.id)).toEqual([id]);
		}
		const hidden = [
			w.stranger.actor,
			withdrew.actor,
			w.otherTeacher.actor,
			(await makeUser('judge')).actor,
			(await makeUser('student', { schoolId: w.school.id })).actor,
			null
		];
		for (const actor of hidden) {
			await expect(thanks.get(actor, id)).rejects.toBeInstanceOf(NotFound);
			expect((await thanks.list(actor)).items).toEqual([]);
		}
		expect((await thanks.get(w.giver.actor, id)).authorName).toBe(w.teacher.displayName);
	});

	it('shows a public note to anyone, even signed out, without the teacher’s name', async () => {
		const w = await world();
		const id = await thanks.create(
			w.teacher.actor,
			{ request: w.request.id },
			{ body: 'Public thanks', isPublic: true }
		);
		const seen = await thanks.get(null, id);
		expect(seen).toMatchObject({
			body: 'Public thanks',
			isPublic: true,
			schoolName: 'Hope Primary',
			authorName: null,
			requestHref: null
		});
		expect((await thanks.get(w.stranger.actor, id)).authorName).toBeNull();
		expect((await thanks.list(null)).items.map((n) => n.id)).toEqual([id]);
		expect((await thanks.get(w.teacher.actor, id)).requestHref).toBe(`/requests/${w.request.id}`);
	});

	it('notifies every sponsor of the organisations that gave, and nobody else', async () => {
		const w = await world();
		const id = await thanks.create(
			w.teacher.actor,
			{ request: w.request.id },
			{ body: 'Thank you', isPublic: false }
		);
		for (const sponsor of [w.giver, w.giverColleague]) {
			const list = await notifications.list(sponsor.actor);
			expect(list.items).toHaveLength(1);
			expect(list.items[0].href).toBe(`/thanks/${id}`);
			expect(list.items[0].text).toContain('Hope Primary');
		}
		expect(await notifications.unreadCount(w.stranger.actor)).toBe(0);
		expect(await notifications.unreadCount(w.coordinator.actor)).toBe(0);
	});

	it('refuses a blank or overlong note at its field and stores nothing', async () => {
		const w = await world();
		for (const body of [
			'',
			'   ',
			'\u200B\u200B',
			'x'.repeat(5000),
			'好'.repeat(thanks.BODY_MAX + 1)
		]) {
			const attempt = thanks.create(
				w.teacher.actor,
				{ request: w.request.id },
				{ body, isPublic: true }
			);
			await expect(attempt).rejects.toBeInstanceOf(RuleViolation);
			await expect(attempt).rejects.toMatchObject({ field: 'body' });
		}
		expect(await notesCount()).toBe(0);
		const full = await thanks.create(
			w.teacher.actor,
			{ request: w.request.id },
			{ body: '好'.repeat(thanks.BODY_MAX), isPublic: true }
		);
		expect((await thanks.get(null, full)).body).toHaveLength(thanks.BODY_MAX);
	});

	it('stores markup as typed and renders it as text', async () => {
		const w = await world();
		const body = '<script>alert("x")</script><b>thanks</b>';
		const id = await thanks.create(
			w.teacher.actor,
			{ request: w.request.id },
			{ body, isPublic: true }
		);
		const note = await thanks.get(null, id);
		expect(note.body).toBe(body);
		const html = render(NotePage, { props: { data: { note, locale: 'en' } } as never }).body;
		expect(html).not.toContain('<script>alert');
		expect(html).not.toContain('<b>thanks</b>');
		expect(html).toContain('&lt;script>alert');
	});

	it('attaches up to four photos, and refuses a fifth without storing anything', async () => {
		const w = await world();
		const id = await thanks.create(
			w.teacher.actor,
			{ request: w.request.id },
			{ body: 'With photos', isPublic: false },
			[await png(), await png()]
		);
		const note = await thanks.get(w.giver.actor, id);
		expect(note.photos).toHaveLength(2);
		expect((await thanks.list(w.giver.actor)).items[0].photoCount).toBe(2);

		const five = await Promise.all([1, 2, 3, 4, 5].map(() => png()));
		await expect(
			thanks.create(
				w.teacher.actor,
				{ request: w.request.id },
				{ body: 'Too many', isPublic: false },
				five
			)
		).rejects.toMatchObject({ field: 'photos' });
		const uploads = await getDb().selectFrom('upload').select('id').execute();
		expect(uploads).toHaveLength(2);
		expect(await notesCount()).toBe(1);
	});

	it('takes back the photos when the note is refused after they were stored', async () => {
		const w = await world();
		const pending = await makeRequest(w.school.id, w.teacher.id, 'fulfilling');
		await expect(
			thanks.create(w.teacher.actor, { request: pending.id }, { body: 'Early', isPublic: false }, [
				await png()
			])
		).rejects.toBeInstanceOf(RuleViolation);
		expect(await getDb().selectFrom('upload').select('id').execute()).toEqual([]);
	});

	it('lists newest first, twenty to a page, and filters by request', async () => {
		const w = await world();
		const other = await makeRequest(w.school.id, w.teacher.id, 'delivered');
		const ids: number[] = [];
		for (let i = 0; i < 22; i++) {
			ids.push(
				await thanks.create(
					w.teacher.actor,
					{ request: w.request.id },
					{ body: `Note ${i}`, isPublic: true }
				)
			);
		}
		const lone = await thanks.create(
			w.teacher.actor,
			{ request: other.id },
			{ body: 'Other', isPublic: true }
		);
		const first = await thanks.list(null, { page: 1 });
		expect(first.total).toBe(23);
		expect(first.pages).toBe(2);
		expect(first.items).toHaveLength(20);
		expect(first.items[0].id).toBe(lone);
		expect((await thanks.list(null, { page: 2 })).items.map((n) => n.id)).toEqual([
			ids[2],
			ids[1],
			ids[0]
		]);
		const filtered = await thanks.list(null, { requestId: other.id });
		expect(filtered.items.map((n) => n.id)).toEqual([lone]);
		expect((await thanks.list(null, { page: 99 })).page).toBe(2);
	});

	it('offers a teacher only their own school’s deliveries to thank for', async () => {
		const w = await world();
		await makeRequest(w.school.id, w.teacher.id, 'fulfilling');
		await makeRequest(w.otherTeacher.schoolId!, w.otherTeacher.id, 'delivered');
		const shipment = await makeShipment(w.school.id, w.coordinator.id, 'received');
		const mine = await thanks.deliveries(w.teacher.actor);
		expect(mine.requests.map((r) => r.id)).toEqual([w.request.id]);
		expect(mine.shipments.map((s) => s.id)).toEqual([shipment.id]);
		await expect(thanks.deliveries(w.giver.actor)).rejects.toThrow();
	});
});
