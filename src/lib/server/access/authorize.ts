import { Forbidden, NotFound } from '../errors';
import { can, type Action, type Actor, type Subject } from './policy';

/** Throws Forbidden unless the policy allows it. */
export function authorize(actor: Actor | null, action: Action, subject: Subject = {}): void {
	if (!can(actor, action, subject)) throw new Forbidden();
}

/** For things found by id: a refusal looks like absence, so an id in a URL reveals nothing. */
export function authorizeOrHide(actor: Actor | null, action: Action, subject: Subject = {}): void {
	if (!can(actor, action, subject)) throw new NotFound();
}
