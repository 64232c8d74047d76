import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDb, openSqlite } from '../index';
import { migrateToLatest } from '../migrate';
import { migrations } from './index';
import { splitName, unitCode } from './2026-12-03-03-catalog-names';

const NAME = '2026-12-03-03-catalog-names';
const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < NAME));
// Up to this one only: the migrations after it are not what this test is about.
const through = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= NAME));

describe('2026-12-03-03-catalog-names', () => {
	it.each([
		['作业本 Exercise books', '作业本', 'Exercise books'],
		['铅笔（12支装）Pencils', '铅笔（12支装）', 'Pencils'],
		['足球 Football (size 4)', '足球', 'Football (size 4)'],
		['白板 Whiteboard 120×90', '白板', 'Whiteboard 120×90'],
		['English graded readers 英语分级读物', '英语分级读物', 'English graded readers'],
		['《小学生必读经典》丛书', '《小学生必读经典》丛书', '《小学生必读经典》丛书'],
		['Globe', 'Globe', 'Globe'],
		['儿童绘本套装（10册）', '儿童绘本套装（10册）', '儿童绘本套装（10册）']
	])('splits %j into its Chinese and English names where it can', (old, zh, en) => {
		expect(splitName(old)).toEqual({ zh, en });
	});

	it.each([
		['包', 'pack'],
		['盒', 'box'],
		['套', 'set'],
		['本', 'copy'],
		['台', 'unit'],
		['根', 'piece'],
		['pcs', 'piece'],
		[' Boxes ', 'box'],
		['whatever', 'piece']
	])('maps the old unit %j to %j', (old, code) => {
		expect(unitCode(old)).toBe(code);
	});

	it('migrates old-style rows in place: names split, units coded, references kept', async () => {
		const db = createDb(openSqlite(':memory:'));
		await migrateToLatest(db, before);
		const raw = db.withoutPlugins();
		await sql`insert into catalog_item (id, name, category, unit, age_band, unit_value_fen, created_at)
			values (1, '作业本 Exercise books', 'stationery', '包', 'all', 1500, 1),
			       (2, '《小学生必读经典》丛书', 'book', '套', 'upper_primary', 21600, 2),
			       (7, 'Cassette recorder', 'classroom', 'piece', 'all', 19900, 3)`.execute(raw);
		await sql`delete from catalog_item where id = 7`.execute(raw);
		await sql`insert into stock_level (catalog_item_id, on_hand, allocated) values (1, 20, 5)`.execute(
			raw
		);

		expect(await migrateToLatest(db, through)).toEqual([NAME]);

		const items = await sql<Record<string, unknown>>`select id, name_zh, name_en, unit
			from catalog_item order by id`.execute(raw);
		expect(items.rows).toEqual([
			{ id: 1, name_zh: '作业本', name_en: 'Exercise books', unit: 'pack' },
			{ id: 2, name_zh: '《小学生必读经典》丛书', name_en: '《小学生必读经典》丛书', unit: 'set' }
		]);
		// Stock still points at its item; foreign keys are on and enforced again.
		const level =
			await sql`select * from stock_level join catalog_item on catalog_item.id = stock_level.catalog_item_id`.execute(
				raw
			);
		expect(level.rows).toHaveLength(1);
		const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(raw);
		expect(fk.rows[0].foreign_keys).toBe(1);
		await expect(
			sql`insert into stock_level (catalog_item_id, on_hand, allocated) values (99, 1, 0)`.execute(
				raw
			)
		).rejects.toThrow(/FOREIGN KEY/);
		// Still STRICT, both names required, the unit from the list.
		const strict = await sql<{ strict: number }>`select strict from pragma_table_list
			where name = 'catalog_item'`.execute(raw);
		expect(strict.rows[0].strict).toBe(1);
		const insert = (zh: string, en: string, unit: string) =>
			sql`insert into catalog_item (name_zh, name_en, category, unit, age_band, unit_value_fen, created_at)
				values (${zh}, ${en}, 'book', ${unit}, 'all', 100, 4)`.execute(raw);
		await expect(insert('', 'Globe', 'piece')).rejects.toThrow(/CHECK/);
		await expect(insert('地球仪', ' ', 'piece')).rejects.toThrow(/CHECK/);
		await expect(insert('地球仪', 'Globe', '个')).rejects.toThrow(/CHECK/);
		await insert('地球仪', 'Globe', 'piece');
		// A deleted item's id is not handed out again.
		const last = await sql<{ id: number }>`select max(id) as id from catalog_item`.execute(raw);
		expect(last.rows[0].id).toBe(8);
	});
});
