import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import { Forbidden, NotFound } from '../errors';
import { loadFacts } from './facts';
import {
	can,
	decide,
	kindOf,
	type Actor,
	type FactsOf,
	type GlobalAction,
	type Kind,
	type KindAction
} from './policy';

export { can, decide, type Actor, type Action, type GlobalAction, type KindAction } from './policy';
export { loadFacts } from './facts';
export * as scopes from './scopes';

/** The action that decides whether a thing of a kind is visible at all. */
const VIEW: Partial<Record<Kind, KindAction>> = {
	request: 'request.view',
	pledge: 'pledge.view',
	shipment: 'shipment.view',
	thanks: 'thanks.view',
	upload: 'upload.view',
	notification: 'notification.view'
};

interface Options {
	/** Read inside this transaction. */
	db?: Kysely<Database>;
	/** Refuse as absence even to someone who may see the thing (for kinds without a view rule). */
	hide?: boolean;
	/** The error for the right person at the wrong moment (the thing's state): say what it is now. */
	conflict?: (facts: never) => Error;
}

/** Throws Forbidden unless the policy allows this action that is about no one thing. */
export function requireRole(actor: Actor | null, action: GlobalAction): void {
	if (!can(actor, action)) throw new Forbidden();
}

/**
 * Loads the facts of every id and throws unless the actor may do `action` to each: a thing that
 * doesn't exist, or that the actor may not see, is NotFound (so an id in a URL reveals nothing);
 * one they see but may not do this to is Forbidden. Returns the facts, in the order of the ids.
 */
export async function requireAccess<A extends KindAction>(
	actor: Actor | null,
	action: A,
	id: number,
	options?: Options
): Promise<FactsOf<A>>;
export async function requireAccess<A extends KindAction>(
	actor: Actor | null,
	action: A,
	ids: readonly number[],
	options?: Options
): Promise<FactsOf<A>[]>;
export async function requireAccess<A extends KindAction>(
	actor: Actor | null,
	action: A,
	ids: number | readonly number[],
	options: Options = {}
): Promise<FactsOf<A> | FactsOf<A>[]> {
	const list = typeof ids === 'number' ? [ids] : ids;
	const kind = kindOf(action) as Kind;
	const facts = (await loadFacts(kind, list, options.db)) as Map<number, FactsOf<A>>;
	const view = VIEW[kind];
	const out = list.map((id) => {
		const f = facts.get(id);
		if (!f) throw new NotFound();
		if (view && !can(actor, view, f as never)) throw new NotFound();
		const decision = decide(actor, action, f);
		if (decision === 'forbidden') throw options.hide ? new NotFound() : new Forbidden();
		if (decision === 'state') throw options.conflict?.(f as never) ?? new Forbidden();
		return f;
	});
	return typeof ids === 'number' ? out[0] : out;
}

/** The ids (of those given) that exist and that the actor may do `action` to. */
export async function filterAccess<A extends KindAction>(
	actor: Actor | null,
	action: A,
	ids: readonly number[],
	db?: Kysely<Database>
): Promise<Set<number>> {
	const facts = (await loadFacts(kindOf(action) as Kind, ids, db)) as Map<number, FactsOf<A>>;
	return new Set([...facts].filter(([, f]) => can(actor, action, f)).map(([id]) => id));
}
