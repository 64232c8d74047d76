import { sql, type SelectQueryBuilder } from 'kysely';
import { getDb } from '.';
import type { Database } from './schema';
import { COUNTED_ROWS } from '../input';

/**
 * How many rows `query` would give, counted only as far as the pager goes: at most
 * COUNTED_ROWS + 1, so that a list whose filter matches almost everything stops reading there
 * instead of walking every row on every request. `pagedUpTo` turns the number into the page.
 */
export async function countUpTo<TB extends keyof Database, O>(
	query: SelectQueryBuilder<Database, TB, O>
): Promise<number> {
	const capped = query
		.clearSelect()
		.select(sql.lit(1).as('one'))
		.limit(COUNTED_ROWS + 1)
		.as('capped');
	const row = await getDb()
		.selectFrom(capped)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
