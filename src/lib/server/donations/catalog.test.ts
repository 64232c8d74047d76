import { beforeEach, describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { makeUser } from '../testing/factories';
import { Forbidden, NotFound, RuleViolation } from '../errors';
import { parseValues } from '../forms';
import * as catalog from './catalog';

const item = {
	name: '儿童绘本《小王子》',
	category: 'book' as const,
	unit: '本',
	ageBand: 'lower_primary' as const,
	unitValue: 1250,
	description: ''
};

let coordinator: Awaited<ReturnType<typeof makeUser>>;
let teacher: Awaited<ReturnType<typeof makeUser>>;
let sponsor: Awaited<ReturnType<typeof makeUser>>;
let student: Awaited<ReturnType<typeof makeUser>>;
let judge: Awaited<ReturnType<typeof makeUser>>;

beforeEach(async () => {
	await createTestDb();
	coordinator = await makeUser('coordinator');
	teacher = await makeUser('teacher');
	sponsor = await makeUser('sponsor');
	student = await makeUser('student');
	judge = await makeUser('judge');
});

describe('catalog', () => {
	it('a coordinator adds, edits, retires and restores items; value kept in fen', async () => {
		const id = await catalog.create(coordinator.actor, item);
		expect(await catalog.get(teacher.actor, id)).toMatchObject({ unitValueFen: 1250, active: 1 });
		await catalog.update(coordinator.actor, id, { ...item, name: '小王子', unitValue: 990 });
		expect(await catalog.get(sponsor.actor, id)).toMatchObject({
			name: '小王子',
			unitValueFen: 990
		});
		await catalog.setActive(coordinator.actor, id, false);
		await expect(catalog.get(teacher.actor, id)).rejects.toBeInstanceOf(NotFound);
		expect((await catalog.list(teacher.actor)).items).toEqual([]);
		expect((await catalog.list(coordinator.actor, { includeRetired: true })).items).toHaveLength(1);
		await catalog.setActive(coordinator.actor, id, true);
		expect((await catalog.listActive(teacher.actor)).map((i) => i.id)).toEqual([id]);
	});

	it('only coordinators manage; students and judges cannot even look', async () => {
		for (const who of [teacher, sponsor, student, judge]) {
			await expect(catalog.create(who.actor, item)).rejects.toBeInstanceOf(Forbidden);
		}
		const id = await catalog.create(coordinator.actor, item);
		await expect(catalog.update(teacher.actor, id, item)).rejects.toBeInstanceOf(Forbidden);
		await expect(catalog.setActive(sponsor.actor, id, false)).rejects.toBeInstanceOf(Forbidden);
		await expect(catalog.list(student.actor)).rejects.toBeInstanceOf(Forbidden);
		await expect(catalog.list(judge.actor)).rejects.toBeInstanceOf(Forbidden);
		await expect(catalog.update(coordinator.actor, 9999, item)).rejects.toBeInstanceOf(NotFound);
	});

	it('filters by category and pages by 20', async () => {
		for (let i = 0; i < 22; i++)
			await catalog.create(coordinator.actor, { ...item, name: `书 ${i}` });
		await catalog.create(coordinator.actor, { ...item, name: '足球', category: 'sports' });
		const sports = await catalog.list(teacher.actor, { category: 'sports' });
		expect(sports.items.map((i) => i.name)).toEqual(['足球']);
		const page2 = await catalog.list(teacher.actor, { category: 'book', page: 2 });
		expect(page2).toMatchObject({ total: 22, pages: 2, page: 2 });
		expect(page2.items).toHaveLength(2);
	});

	it.each([
		['12.50', 1250],
		['12.5', 1250],
		['0', 0],
		['１２', 1200],
		['¥8', 800],
		['1,000.05', 100005]
	])('yuan %j is %i fen', (typed, fen) => {
		expect(catalog.parseYuan(typed)).toBe(fen);
	});

	it.each(['-1', '1.234', 'abc', '', '1e3', '99999999'])('yuan %j is refused', (typed) => {
		expect(catalog.parseYuan(typed)).toBeNull();
	});

	it('the form schema refuses blank, huge and markup text and bad choices', () => {
		const parsed = parseValues(catalog.CatalogInput, {
			name: '',
			category: 'weapons',
			unit: 'x'.repeat(10_000),
			ageBand: 'all',
			unitValue: '1.234',
			description: '<script>'
		});
		expect(parsed.ok).toBe(false);
		if (!parsed.ok)
			expect(Object.keys(parsed.errors).sort()).toEqual([
				'category',
				'description',
				'name',
				'unit',
				'unitValue'
			]);
		const ok = parseValues(catalog.CatalogInput, {
			name: '足球',
			category: 'sports',
			unit: '个',
			ageBand: 'all',
			unitValue: '６０.00'
		});
		expect(ok.ok && ok.data.unitValue).toBe(6000);
	});

	it('the service refuses what the schema would', async () => {
		await expect(catalog.create(coordinator.actor, { ...item, name: '' })).rejects.toBeInstanceOf(
			RuleViolation
		);
		await expect(
			catalog.create(coordinator.actor, { ...item, unitValue: 1.5 })
		).rejects.toBeInstanceOf(RuleViolation);
		await expect(
			catalog.create(coordinator.actor, { ...item, category: 'weapons' as 'book' })
		).rejects.toBeInstanceOf(RuleViolation);
	});
});
