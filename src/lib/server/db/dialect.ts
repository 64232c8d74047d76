// Where SQL differs between the engines, it is written here once, in both spellings; every other
// query is the same text on SQLite and PostgreSQL. Each helper asks which engine the process
// database runs on when the query is built.
import { sql, type Expression, type RawBuilder, type Transaction } from 'kysely';
import { engine } from '.';
import type { Database } from './schema';

/**
 * A table read through a named index, for the rare query whose plan SQLite gets wrong however it is
 * written: `FROM table INDEXED BY index` (an error, not a silent scan, if the index can't serve the
 * query). PostgreSQL has no such clause and needs none: its planner weighs a LIMIT.
 */
export function tableIndexedBy(table: string, index: string): RawBuilder<unknown> {
	return engine() === 'postgres'
		? sql`${sql.table(table)}`
		: sql`${sql.table(table)} indexed by ${sql.id(index)}`;
}

/** The larger of the values: SQLite's scalar `max(a, b)`, PostgreSQL's `greatest(a, b)`. */
export function greatest<T>(...values: Expression<T>[]): RawBuilder<T> {
	const fn = engine() === 'postgres' ? sql`greatest` : sql`max`;
	return sql<T>`${fn}(${sql.join(values)})`;
}

/** The smaller of the values: SQLite's scalar `min(a, b)`, PostgreSQL's `least(a, b)`. */
export function least<T>(...values: Expression<T>[]): RawBuilder<T> {
	const fn = engine() === 'postgres' ? sql`least` : sql`min`;
	return sql<T>`${fn}(${sql.join(values)})`;
}

/** Whether `needle` occurs in `text`, as it is (no pattern characters): `instr` or `strpos`. */
export function containsText(text: Expression<string>, needle: string): RawBuilder<boolean> {
	const fn = engine() === 'postgres' ? sql`strpos` : sql`instr`;
	return sql<boolean>`(${fn}(${text}, ${needle}) > 0)`;
}

/**
 * Locks rows of `table` until the transaction ends, for work that decides a parent's state from
 * its children (the last line confirmed receives the shipment): taken before the children are
 * read, two such transactions run one after the other, and the second reads what the first
 * committed — under PostgreSQL's READ COMMITTED each statement sees the commits made before it
 * began. PostgreSQL: `SELECT … FOR UPDATE`. SQLite: nothing to do, as a transaction's first write
 * holds the database's only write lock to its end.
 */
export async function lockRows(
	trx: Transaction<Database>,
	table: 'shipment' | 'supplyRequest' | 'pledge',
	ids: readonly number[]
): Promise<void> {
	if (engine() !== 'postgres' || ids.length === 0) return;
	await trx
		.selectFrom(table)
		.select('id')
		.where('id', 'in', [...ids])
		.orderBy('id')
		.forUpdate()
		.execute();
}
