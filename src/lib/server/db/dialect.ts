// Where SQL differs between engines, it is written here once. (SQLite only today; PostgreSQL, the
// second engine, arrives with issue 8 and each helper gains its other spelling then.)
import { sql, type RawBuilder } from 'kysely';

/**
 * A table read through a named index, for the rare query whose plan SQLite gets wrong however it is
 * written: `FROM table INDEXED BY index` (an error, not a silent scan, if the index can't serve the
 * query). PostgreSQL has no such clause and needs none: its planner weighs a LIMIT.
 */
export function tableIndexedBy(table: string, index: string): RawBuilder<unknown> {
	return sql`${sql.table(table)} indexed by ${sql.id(index)}`;
}
