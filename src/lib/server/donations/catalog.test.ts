import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { createTestDb } from '../testing/db';
import { makeUser } from '../testing/factories';
import { Forbidden, NotFound, RuleViolation } from '../errors';
import { parseValues } from '../forms';
import * as catalog from './catalog';

const item = {
	nameZh: '儿童绘本《小王子》',
	nameEn: 'The Little Prince (picture book)',
	category: 'book' as const,
	unit: 'copy' as const,
	ageBand: 'lower_primary' as const,
	unitValue: 1250,
	description: ''
};

let coordinator: Awaited<ReturnType<typeof makeUser>>;
let teacher: Awaited<ReturnType<typeof makeUser>>;
let sponsor: Awaited<ReturnType<typeof makeUser>>;
let student: Awaited<ReturnType<typeof makeUser>>;
let judge: Awaited<ReturnType<typeof makeUser>>;

const initialLocale = getLocale;
afterEach(() => overwriteGetLocale(initialLocale));

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
		await catalog.update(coordinator.actor, id, {
			...item,
			nameZh: '小王子',
			nameEn: 'The Little Prince',
			unit: 'set',
			unitValue: 990
		});
		expect(await catalog.get(sponsor.actor, id)).toMatchObject({
			nameZh: '小王子',
			nameEn: 'The Little Prince',
			unit: 'set',
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
			await catalog.create(coordinator.actor, { ...item, nameZh: `书 ${i}`, nameEn: `Book ${i}` });
		await catalog.create(coordinator.actor, {
			...item,
			nameZh: '足球',
			nameEn: 'Football',
			category: 'sports'
		});
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

	it("lists each item in the reader's language: its name and its unit", async () => {
		await catalog.create(coordinator.actor, {
			...item,
			nameZh: '作业本',
			nameEn: 'Exercise books',
			category: 'stationery',
			unit: 'pack'
		});
		await catalog.create(coordinator.actor, {
			...item,
			nameZh: '地球仪',
			nameEn: 'Globe',
			category: 'other',
			unit: 'piece'
		});
		const zh = await catalog.listActive(teacher.actor);
		expect(zh.map((i) => [i.name, i.unitLabel, i.unitLabelOne])).toEqual([
			['地球仪', '个', '个'],
			['作业本', '包', '包']
		]);
		overwriteGetLocale(() => 'en');
		const en = await catalog.list(teacher.actor);
		expect(en.items.map((i) => [i.name, i.unitLabel, i.unitLabelOne])).toEqual([
			['Globe', 'pieces', 'piece'],
			['Exercise books', 'packs', 'pack']
		]);
	});

	it.each([
		['zh-CN', '请选择物品的计量单位。'],
		['en', 'Choose how the item is counted.']
	] as const)(
		'the form needs both names and a unit from the list (%s messages)',
		(locale, unitMessage) => {
			overwriteGetLocale(() => locale);
			const base = { category: 'book', ageBand: 'all', unitValue: '1.00' };
			const noEnglish = parseValues(catalog.CatalogInput, {
				...base,
				nameZh: '足球',
				nameEn: '  ',
				unit: 'piece'
			});
			expect(noEnglish.ok).toBe(false);
			if (!noEnglish.ok) expect(Object.keys(noEnglish.errors)).toEqual(['nameEn']);
			const noChinese = parseValues(catalog.CatalogInput, {
				...base,
				nameEn: 'Football',
				unit: 'piece'
			});
			expect(noChinese.ok).toBe(false);
			if (!noChinese.ok) expect(Object.keys(noChinese.errors)).toEqual(['nameZh']);
			// The old free-text units are not on the list.
			const oldUnit = parseValues(catalog.CatalogInput, {
				...base,
				nameZh: '足球',
				nameEn: 'Football',
				unit: '个'
			});
			expect(oldUnit.ok).toBe(false);
			if (!oldUnit.ok) expect(oldUnit.errors).toEqual({ unit: unitMessage });
		}
	);

	it('the form schema refuses blank, huge and markup text and bad choices', () => {
		const parsed = parseValues(catalog.CatalogInput, {
			nameZh: '',
			nameEn: '',
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
				'nameEn',
				'nameZh',
				'unit',
				'unitValue'
			]);
		const ok = parseValues(catalog.CatalogInput, {
			nameZh: '足球',
			nameEn: 'Football',
			category: 'sports',
			unit: 'piece',
			ageBand: 'all',
			unitValue: '６０.00'
		});
		expect(ok.ok && ok.data.unitValue).toBe(6000);
	});

	it('the service refuses what the schema would', async () => {
		await expect(catalog.create(coordinator.actor, { ...item, nameZh: ' ' })).rejects.toMatchObject(
			{
				field: 'nameZh'
			}
		);
		await expect(catalog.create(coordinator.actor, { ...item, nameEn: '' })).rejects.toMatchObject({
			field: 'nameEn'
		});
		await expect(
			catalog.create(coordinator.actor, { ...item, unit: '包' as 'pack' })
		).rejects.toMatchObject({ field: 'unit' });
		await expect(
			catalog.create(coordinator.actor, { ...item, unitValue: 1.5 })
		).rejects.toBeInstanceOf(RuleViolation);
		await expect(
			catalog.create(coordinator.actor, { ...item, category: 'weapons' as 'book' })
		).rejects.toBeInstanceOf(RuleViolation);
	});
});
