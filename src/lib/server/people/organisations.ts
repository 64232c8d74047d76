import { sql } from 'kysely';
import { isForeignKeyViolation, isUniqueViolation } from '../db/violations';
import { z } from 'zod';
import { getDb } from '../db';
import { authorize, authorizeOrHide } from '../access/authorize';
import type { Actor } from '../access/policy';
import { Conflict, NotFound, RuleViolation } from '../errors';
import { record } from '../audit';
import { m } from '$lib/paraglide/messages.js';
import { LIMITS, optionalId } from '../input';
import { name } from './input';
import * as time from '../time';

export const OrganisationInput = z.object({
	name: name(LIMITS.placeName),
	parentId: optionalId
});
export type OrganisationInput = z.output<typeof OrganisationInput>;

export interface OrganisationNode {
	id: number;
	name: string;
	parentId: number | null;
	depth: number;
	sponsors: number;
}

/**
 * Every organisation as a tree flattened in reading order: each parent, then its subsidiaries
 * indented by depth. Sponsor organisations are few (dozens), so the list is not paginated.
 */
export async function tree(actor: Actor): Promise<OrganisationNode[]> {
	authorize(actor, 'organisation.manage');
	const rows = await getDb()
		.selectFrom('organisation')
		.select(['id', 'name', 'parentId'])
		.select((eb) =>
			eb
				.selectFrom('user')
				.whereRef('user.organisationId', '=', 'organisation.id')
				.select((e) => e.fn.countAll<number>().as('n'))
				.as('sponsors')
		)
		.orderBy('name')
		.execute();
	const children = new Map<number | null, typeof rows>();
	for (const row of rows) {
		const key = row.parentId;
		children.set(key, [...(children.get(key) ?? []), row]);
	}
	const out: OrganisationNode[] = [];
	const seen = new Set<number>();
	const walk = (parentId: number | null, depth: number) => {
		for (const row of children.get(parentId) ?? []) {
			if (seen.has(row.id)) continue;
			seen.add(row.id);
			out.push({ ...row, depth, sponsors: Number(row.sponsors ?? 0) });
			walk(row.id, depth + 1);
		}
	};
	walk(null, 0);
	return out;
}

export async function get(actor: Actor, id: number) {
	authorizeOrHide(actor, 'organisation.manage');
	const row = await getDb()
		.selectFrom('organisation')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) throw new NotFound();
	return row;
}

/** For selects (an invitation's organisation, a parent). */
export async function options(actor: Actor) {
	return (await tree(actor)).map((o) => ({ id: o.id, name: o.name, depth: o.depth }));
}

function duplicate(e: unknown): never {
	if (isUniqueViolation(e, 'organisation', 'name')) {
		throw new Conflict(m.people_organisation_taken(), 'name');
	}
	if (isForeignKeyViolation(e)) {
		throw new RuleViolation(m.error_choose_one(), 'parentId');
	}
	throw e;
}

export async function create(actor: Actor, input: OrganisationInput): Promise<number> {
	authorize(actor, 'organisation.manage');
	try {
		return await getDb()
			.transaction()
			.execute(async (trx) => {
				const row = await trx
					.insertInto('organisation')
					.values({ name: input.name, parentId: input.parentId, createdAt: time.now() })
					.returning('id')
					.executeTakeFirstOrThrow();
				await record(trx, {
					actorId: actor.id,
					subject: 'organisation',
					subjectId: row.id,
					action: 'create'
				});
				return row.id;
			});
	} catch (e) {
		duplicate(e);
	}
}

/**
 * Renames an organisation or moves it under another. The new parent may not be the organisation
 * itself or one of its subsidiaries: checked in the same transaction as the write.
 */
export async function update(actor: Actor, id: number, input: OrganisationInput): Promise<void> {
	authorize(actor, 'organisation.manage');
	try {
		await getDb()
			.transaction()
			.execute(async (trx) => {
				if (input.parentId !== null) {
					const cycle = await sql<{ id: number }>`
						with recursive ancestors(id, parent_id) as (
							select id, parent_id from organisation where id = ${input.parentId}
							union
							select o.id, o.parent_id from organisation o join ancestors a on o.id = a.parent_id
						)
						select id from ancestors where id = ${id}`.execute(trx);
					if (cycle.rows.length > 0) {
						throw new RuleViolation(m.people_organisation_cycle(), 'parentId');
					}
				}
				const result = await trx
					.updateTable('organisation')
					.set({ name: input.name, parentId: input.parentId })
					.where('id', '=', id)
					.executeTakeFirst();
				if (Number(result.numUpdatedRows) === 0) throw new NotFound();
				await record(trx, {
					actorId: actor.id,
					subject: 'organisation',
					subjectId: id,
					action: 'update'
				});
			});
	} catch (e) {
		duplicate(e);
	}
}
