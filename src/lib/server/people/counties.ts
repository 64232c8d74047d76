import { z } from 'zod';
import { isUniqueViolation } from '../db/violations';
import { getDb } from '../db';
import { authorize } from '../access/authorize';
import type { Actor } from '../access/policy';
import { Conflict, NotFound } from '../errors';
import { m } from '$lib/paraglide/messages.js';
import { LIMITS } from '../input';
import { name } from './input';
import * as time from '../time';

export const CountyInput = z.object({
	name: name(LIMITS.placeName),
	province: z.union([z.literal(''), name(LIMITS.placeName)])
});
export type CountyInput = z.output<typeof CountyInput>;

/** Every county with how many schools it has, by name. */
export async function list(actor: Actor) {
	authorize(actor, 'county.manage');
	return getDb()
		.selectFrom('county')
		.leftJoin('school', 'school.countyId', 'county.id')
		.select(['county.id', 'county.name', 'county.province'])
		.select((eb) => eb.fn.count<number>('school.id').as('schools'))
		.groupBy('county.id')
		.orderBy('county.name')
		.execute();
}

/** For a school's county select. */
export async function options(actor: Actor) {
	authorize(actor, 'school.manage');
	return getDb().selectFrom('county').select(['id', 'name']).orderBy('name').execute();
}

function duplicate(e: unknown): never {
	if (isUniqueViolation(e, 'county', 'name')) {
		throw new Conflict(m.people_county_taken(), 'name');
	}
	throw e;
}

export async function create(actor: Actor, input: CountyInput): Promise<number> {
	authorize(actor, 'county.manage');
	try {
		const row = await getDb()
			.insertInto('county')
			.values({ name: input.name, province: input.province, createdAt: time.now() })
			.returning('id')
			.executeTakeFirstOrThrow();
		return row.id;
	} catch (e) {
		duplicate(e);
	}
}

export async function update(actor: Actor, id: number, input: CountyInput): Promise<void> {
	authorize(actor, 'county.manage');
	try {
		const result = await getDb()
			.updateTable('county')
			.set({ name: input.name, province: input.province })
			.where('id', '=', id)
			.executeTakeFirst();
		if (Number(result.numUpdatedRows) === 0) throw new NotFound();
	} catch (e) {
		duplicate(e);
	}
}
