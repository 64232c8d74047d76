import { sql, type Kysely } from 'kysely';
import { onPostgres } from './engine';

// Frozen in time: no app imports. A catalog item had one name holding both languages
// ("作业本 Exercise books") and a free-text unit ("包"), so English pages mixed the two. Now it has
// a name per language and a unit code from a fixed list that pages label in their own language.
// SQLite can't add a required column with a CHECK to rows that exist, nor drop `unit`'s CHECK, so
// the table is rebuilt (its id, and so every reference to it, stays); the runner turns foreign keys
// off for it and checks them before it commits. PostgreSQL alters the table in place instead.

export const rebuildsTables = true;

const UNITS = ['piece', 'pack', 'box', 'set', 'copy', 'bottle', 'ream', 'sheet', 'pair', 'unit'];

/** The old free-text units, as typed in either language, to their code; anything else is a piece. */
const UNIT_CODES: Record<string, string> = {
	个: 'piece',
	件: 'piece',
	只: 'piece',
	根: 'piece',
	支: 'piece',
	块: 'piece',
	把: 'piece',
	条: 'piece',
	颗: 'piece',
	枚: 'piece',
	piece: 'piece',
	pieces: 'piece',
	pc: 'piece',
	pcs: 'piece',
	item: 'piece',
	items: 'piece',
	each: 'piece',
	包: 'pack',
	袋: 'pack',
	pack: 'pack',
	packs: 'pack',
	packet: 'pack',
	packets: 'pack',
	盒: 'box',
	箱: 'box',
	box: 'box',
	boxes: 'box',
	case: 'box',
	套: 'set',
	组: 'set',
	set: 'set',
	sets: 'set',
	kit: 'set',
	本: 'copy',
	册: 'copy',
	book: 'copy',
	books: 'copy',
	copy: 'copy',
	copies: 'copy',
	volume: 'copy',
	volumes: 'copy',
	瓶: 'bottle',
	bottle: 'bottle',
	bottles: 'bottle',
	令: 'ream',
	ream: 'ream',
	reams: 'ream',
	张: 'sheet',
	页: 'sheet',
	sheet: 'sheet',
	sheets: 'sheet',
	双: 'pair',
	副: 'pair',
	对: 'pair',
	pair: 'pair',
	pairs: 'pair',
	台: 'unit',
	部: 'unit',
	架: 'unit',
	unit: 'unit',
	units: 'unit',
	machine: 'unit'
};

export function unitCode(unit: string): string {
	return UNIT_CODES[unit.normalize('NFKC').trim().toLowerCase()] ?? 'piece';
}

const HAN = '\\u3400-\\u9fff\\u3000-\\u303f\\uff00-\\uffef';
/** "铅笔（12支装）Pencils", "足球 Football (size 4)": Chinese first, then English. */
const ZH_EN = new RegExp(`^([^A-Za-z]*[\\u3400-\\u9fff][^A-Za-z]*?)\\s*([A-Za-z][^${HAN}]*)$`);
/** "English graded readers 英语分级读物": English first, then Chinese. */
const EN_ZH = new RegExp(`^([A-Za-z][^${HAN}]*?)\\s*([\\u3400-\\u9fff][^A-Za-z]*)$`);

/** One old name into its two: split where it is a Chinese part and an English part, else both. */
export function splitName(name: string): { zh: string; en: string } {
	const both = name.trim() || '?';
	const zhEn = ZH_EN.exec(both);
	if (zhEn) return { zh: zhEn[1].trim(), en: zhEn[2].trim() };
	const enZh = EN_ZH.exec(both);
	if (enZh) return { zh: enZh[2].trim(), en: enZh[1].trim() };
	return { zh: both, en: both };
}

const strict = sql`strict`;

export async function up(db: Kysely<any>): Promise<void> {
	if (onPostgres(db)) return upInPlace(db);
	await db.transaction().execute(async (trx) => {
		await trx.schema
			.createTable('catalog_item_new')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('name_zh', 'text', (c) =>
				c.notNull().check(sql`length(trim(name_zh)) between 1 and 120`)
			)
			.addColumn('name_en', 'text', (c) =>
				c.notNull().check(sql`length(trim(name_en)) between 1 and 120`)
			)
			.addColumn('category', 'text', (c) =>
				c
					.notNull()
					.check(
						sql`category in ('book', 'toy', 'sports', 'classroom', 'stationery', 'library', 'other')`
					)
			)
			.addColumn('unit', 'text', (c) =>
				c.notNull().check(sql`unit in (${sql.join(UNITS.map((u) => sql.lit(u)))})`)
			)
			.addColumn('age_band', 'text', (c) =>
				c
					.notNull()
					.check(sql`age_band in ('kindergarten', 'lower_primary', 'upper_primary', 'all')`)
			)
			.addColumn('unit_value_fen', 'integer', (c) =>
				c.notNull().check(sql`unit_value_fen between 0 and 100000000`)
			)
			.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('active', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(1)
					.check(sql`active in (0, 1)`)
			)
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();

		// Everything as it was, each name in both columns and every unit a piece for a moment…
		await sql`insert into catalog_item_new (id, name_zh, name_en, category, unit, age_band,
			unit_value_fen, description, active, created_at)
			select id, coalesce(nullif(trim(name), ''), '?'), coalesce(nullif(trim(name), ''), '?'),
			category, 'piece', age_band, unit_value_fen, description, active, created_at
			from catalog_item`.execute(trx);
		// …then each name split and each unit coded.
		await splitEach(trx, 'catalog_item_new');
		// The autoincrement counter goes on from where the old table's was.
		await sql`update sqlite_sequence set seq = coalesce((select seq from sqlite_sequence
			where name = 'catalog_item'), 0) where name = 'catalog_item_new'`.execute(trx);
		await trx.schema.dropTable('catalog_item').execute();
		await trx.schema.alterTable('catalog_item_new').renameTo('catalog_item').execute();
		await trx.schema
			.createIndex('catalog_item_category_idx')
			.on('catalog_item')
			.columns(['active', 'category'])
			.execute();
	});
}

/**
 * Each old name split into `table`'s two and each unit coded. (Single-word columns only: the
 * caller's connection may rename the others' keys in results.)
 */
async function splitEach(trx: Kysely<any>, table: string): Promise<void> {
	const rows = await sql<{
		id: number;
		name: string;
		unit: string;
	}>`select id, name, unit from catalog_item order by id`.execute(trx);
	for (const row of rows.rows) {
		const { zh, en } = splitName(row.name);
		await sql`update ${sql.table(table)} set name_zh = ${zh}, name_en = ${en},
			unit = ${unitCode(row.unit)} where id = ${row.id}`.execute(trx);
	}
}

/** PostgreSQL's ALTER TABLE does what SQLite needed a rebuild for: the same columns and checks. */
async function upInPlace(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await sql`alter table catalog_item add column name_zh text, add column name_en text,
			drop constraint catalog_item_unit_check`.execute(trx);
		await splitEach(trx, 'catalog_item');
		await sql`alter table catalog_item drop column name,
			alter column name_zh set not null, alter column name_en set not null,
			add constraint catalog_item_name_zh_check check (length(trim(name_zh)) between 1 and 120),
			add constraint catalog_item_name_en_check check (length(trim(name_en)) between 1 and 120),
			add constraint catalog_item_unit_check check (unit in (${sql.join(UNITS.map((u) => sql.lit(u)))}))`.execute(
			trx
		);
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		await trx.schema
			.createTable('catalog_item_old')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 120`))
			.addColumn('category', 'text', (c) =>
				c
					.notNull()
					.check(
						sql`category in ('book', 'toy', 'sports', 'classroom', 'stationery', 'library', 'other')`
					)
			)
			.addColumn('unit', 'text', (c) => c.notNull().check(sql`length(unit) between 1 and 20`))
			.addColumn('age_band', 'text', (c) =>
				c
					.notNull()
					.check(sql`age_band in ('kindergarten', 'lower_primary', 'upper_primary', 'all')`)
			)
			.addColumn('unit_value_fen', 'integer', (c) =>
				c.notNull().check(sql`unit_value_fen between 0 and 100000000`)
			)
			.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('active', 'integer', (c) =>
				c
					.notNull()
					.defaultTo(1)
					.check(sql`active in (0, 1)`)
			)
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();
		await sql`insert into catalog_item_old (id, name, category, unit, age_band, unit_value_fen,
			description, active, created_at)
			select id, substr(case when name_zh = name_en then name_zh else name_zh || ' ' || name_en end, 1, 120),
			category, unit, age_band, unit_value_fen, description, active, created_at
			from catalog_item`.execute(trx);
		await trx.schema.dropTable('catalog_item').execute();
		await trx.schema.alterTable('catalog_item_old').renameTo('catalog_item').execute();
		await trx.schema
			.createIndex('catalog_item_category_idx')
			.on('catalog_item')
			.columns(['active', 'category'])
			.execute();
	});
}
