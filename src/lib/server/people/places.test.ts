import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { makeCounty, makeOrganisation, makeSchool, makeUser } from '../testing/factories';
import { Conflict, Forbidden, NotFound, RuleViolation } from '../errors';
import { parseValues } from '../forms';
import * as counties from './counties';
import * as schools from './schools';
import * as organisations from './organisations';

let coordinator: Awaited<ReturnType<typeof makeUser>>;

beforeEach(async () => {
	await createTestDb();
	coordinator = await makeUser('coordinator');
});

const schoolForm = (countyId: number, extra: Record<string, string> = {}) =>
	parseValues(schools.SchoolInput, {
		countyId: String(countyId),
		name: '希望小学',
		kind: 'primary',
		village: '泉脑子村',
		address: '村东头 1 号',
		contactName: '王老师',
		contactPhone: '0313-5520000',
		...extra
	});

describe('counties', () => {
	it('are created, renamed and listed with their school counts; names are unique', async () => {
		const id = await counties.create(coordinator.actor, { name: '康保县', province: '河北省' });
		await makeSchool({ countyId: id });
		await expect(
			counties.create(coordinator.actor, { name: '康保县', province: '' })
		).rejects.toBeInstanceOf(Conflict);
		await counties.update(coordinator.actor, id, { name: '康保', province: '河北省' });
		expect(await counties.list(coordinator.actor)).toEqual([
			{ id, name: '康保', province: '河北省', schools: 1 }
		]);
		await expect(
			counties.update(coordinator.actor, 999, { name: 'x', province: '' })
		).rejects.toBeInstanceOf(NotFound);
	});
});

describe('schools', () => {
	it('are created with enrolment per grade and edited', async () => {
		const county = await makeCounty();
		const parsed = schoolForm(county.id, { enrol_g1: '３２', enrol_g2: '28', enrol_g3: '' });
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		const id = await schools.create(coordinator.actor, parsed.data);
		const school = await schools.get(coordinator.actor, id);
		expect(school).toMatchObject({
			name: '希望小学',
			village: '泉脑子村',
			countyName: county.name
		});
		expect(school.enrolment).toEqual({ g1: 32, g2: 28 });
		expect((await schools.list(coordinator.actor)).items[0].enrolment).toBe(60);

		const edit = schoolForm(county.id, { name: '希望小学（新）', enrol_g1: '30' });
		if (!edit.ok) throw new Error('form');
		await schools.update(coordinator.actor, id, edit.data);
		expect((await schools.get(coordinator.actor, id)).enrolment).toEqual({ g1: 30 });
	});

	it('refuses kindergarten classes at a primary school and grades at a kindergarten', async () => {
		const county = await makeCounty();
		const primary = schoolForm(county.id, { enrol_k1: '10' });
		if (!primary.ok) throw new Error('form');
		await expect(schools.create(coordinator.actor, primary.data)).rejects.toMatchObject({
			field: 'enrol_k1'
		});
		const kindergarten = schoolForm(county.id, { kind: 'kindergarten', enrol_g1: '3' });
		if (!kindergarten.ok) throw new Error('form');
		await expect(schools.create(coordinator.actor, kindergarten.data)).rejects.toBeInstanceOf(
			RuleViolation
		);
	});

	it('refuses a duplicate name in a county, an unknown county, and bad input', async () => {
		const county = await makeCounty();
		const form = schoolForm(county.id);
		if (!form.ok) throw new Error('form');
		await schools.create(coordinator.actor, form.data);
		await expect(schools.create(coordinator.actor, form.data)).rejects.toMatchObject({
			field: 'name',
			status: 409
		});
		await expect(
			schools.create(coordinator.actor, { ...form.data, countyId: 4242 })
		).rejects.toMatchObject({ field: 'countyId' });
		for (const name of [
			'',
			'x'.repeat(10_000),
			'<script>alert(1)</script>',
			"' OR 1=1 --",
			'\u200B'
		]) {
			const bad = schoolForm(county.id, { name });
			expect(!bad.ok && bad.errors.name, name.slice(0, 10)).toBeTruthy();
		}
		for (const enrol of ['-1', '1.5', 'lots', '10001', '1e3']) {
			const bad = schoolForm(county.id, { enrol_g1: enrol });
			expect(!bad.ok && bad.errors.enrol_g1, enrol).toBeTruthy();
		}
		const phone = schoolForm(county.id, { contactPhone: 'call me; drop' });
		expect(!phone.ok && phone.errors.contactPhone).toBeTruthy();
	});

	it('are managed by coordinators only', async () => {
		const school = await makeSchool();
		for (const role of ['teacher', 'student', 'judge', 'sponsor'] as const) {
			const user = await makeUser(role, role === 'teacher' ? { schoolId: school.id } : {});
			await expect(schools.list(user.actor)).rejects.toBeInstanceOf(Forbidden);
			await expect(schools.get(user.actor, school.id)).rejects.toBeInstanceOf(NotFound);
			await expect(counties.list(user.actor)).rejects.toBeInstanceOf(Forbidden);
			await expect(organisations.tree(user.actor)).rejects.toBeInstanceOf(Forbidden);
		}
	});
});

describe('organisations', () => {
	it('form a tree of subsidiaries in reading order', async () => {
		const parent = await organisations.create(coordinator.actor, {
			name: 'Genertec',
			parentId: null
		});
		const child = await organisations.create(coordinator.actor, {
			name: 'A Trade',
			parentId: parent
		});
		const grandchild = await organisations.create(coordinator.actor, {
			name: 'A Trade Hebei',
			parentId: child
		});
		const other = await organisations.create(coordinator.actor, {
			name: 'Another',
			parentId: null
		});
		const tree = await organisations.tree(coordinator.actor);
		expect(tree.map((o) => [o.id, o.depth])).toEqual([
			[other, 0],
			[parent, 0],
			[child, 1],
			[grandchild, 2]
		]);
	});

	it('refuse a cycle: itself, or one of its own subsidiaries, as parent', async () => {
		const a = await makeOrganisation({ name: 'A' });
		const b = await makeOrganisation({ name: 'B', parentId: a.id });
		const c = await makeOrganisation({ name: 'C', parentId: b.id });
		await expect(
			organisations.update(coordinator.actor, a.id, { name: 'A', parentId: a.id })
		).rejects.toMatchObject({ field: 'parentId' });
		await expect(
			organisations.update(coordinator.actor, a.id, { name: 'A', parentId: c.id })
		).rejects.toMatchObject({ field: 'parentId' });
		// Moving a leaf elsewhere is fine.
		await organisations.update(coordinator.actor, c.id, { name: 'C', parentId: a.id });
		expect((await organisations.get(coordinator.actor, c.id)).parentId).toBe(a.id);
	});

	it('refuse duplicate names and unknown parents', async () => {
		await makeOrganisation({ name: 'Genertec' });
		await expect(
			organisations.create(coordinator.actor, { name: 'Genertec', parentId: null })
		).rejects.toBeInstanceOf(Conflict);
		await expect(
			organisations.create(coordinator.actor, { name: 'New', parentId: 999 })
		).rejects.toMatchObject({ field: 'parentId' });
		const bad = parseValues(organisations.OrganisationInput, { name: '<b>x</b>', parentId: 'abc' });
		expect(!bad.ok && bad.errors.name && bad.errors.parentId).toBeTruthy();
	});
});
