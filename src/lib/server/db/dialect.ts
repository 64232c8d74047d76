// Where SQL differs between the engines, it is written here once, in both spellings; every other
// query is the same text on SQLite and PostgreSQL. Each helper asks which engine the process
// database runs on when the query is built.
import { sql, type Expression, type RawBuilder } from 'kysely';
import { engine } from '.';

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
