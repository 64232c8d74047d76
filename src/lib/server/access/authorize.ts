import { Forbidden, NotFound } from '../errors';
import { can, type Actor, type GlobalAction } from './policy';

/** Throws Forbidden unless the policy allows this action that is about no one thing. */
export function authorize(actor: Actor | null, action: GlobalAction): void {
	if (!can(actor, action)) throw new Forbidden();
}

/** The same, for pages whose very existence is the refusal: NotFound. */
export function authorizeOrHide(actor: Actor | null, action: GlobalAction): void {
	if (!can(actor, action)) throw new NotFound();
}
