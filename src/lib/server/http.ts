import { error, type RequestEvent } from '@sveltejs/kit';
import { Conflict, DomainError, RuleViolation } from './errors';
import { formValues, refuse } from './forms';

/** A domain refusal as the HTTP error it means; anything else unchanged. */
export function toHttp(e: unknown): unknown {
	if (e instanceof DomainError) {
		try {
			error(e.status, { message: e.message });
		} catch (httpError) {
			return httpError;
		}
	}
	return e;
}

/** Wraps a load: NotFound and Forbidden thrown by services become 404 and 403 pages. */
export function guardedLoad<E extends RequestEvent, R>(load: (event: E) => Promise<R>) {
	return async (event: E): Promise<R> => {
		try {
			return await load(event);
		} catch (e) {
			throw toHttp(e);
		}
	};
}

/**
 * Wraps a form action: a RuleViolation or Conflict from a service becomes a refusal at its field
 * (or for the whole form) that keeps what was typed; NotFound and Forbidden become 404 and 403.
 */
export function guardedAction<E extends RequestEvent, R>(action: (event: E) => Promise<R>) {
	return async (event: E) => {
		const copy = event.request.clone();
		try {
			return await action(event);
		} catch (e) {
			if (e instanceof RuleViolation || e instanceof Conflict) {
				const form = await copy.formData().catch(() => new FormData());
				const errors = e.field ? { [e.field]: e.message } : {};
				return refuse(formValues(form), errors, e.field ? undefined : e.message, e.status);
			}
			throw toHttp(e);
		}
	};
}
