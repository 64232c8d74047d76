import { error, type RequestEvent } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages.js';
import { Conflict, DomainError, RuleViolation } from './errors';
import { formValues, refuse } from './forms';

// "The portal can't write" (or reach its database at all), on either engine:
// - SQLite's codes (and their extended forms, SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED, …) and the
//   file system's: a full disk, a read-only or vanished file, a lock held past busy_timeout;
// - PostgreSQL's server down or unreachable (the socket's ECONNREFUSED, ECONNRESET, ETIMEDOUT, a
//   name that doesn't resolve), a read-only server (25006: a standby after a failover), a broken
//   connection (class 08), the server shutting down or starting (57P01–57P03), out of resources
//   (class 53: disk full, too many connections).
const STORAGE_CODES = new RegExp(
	'^(SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY)(_\\w+)?|ENOSPC|EROFS|EDQUOT|EIO' +
		'|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|EAI_AGAIN' +
		'|25006|08\\w{3}|57P0[123]|53\\w{3})$'
);

/** The code of a storage failure (`e` or its cause), or undefined when `e` is something else. */
export function storageFailure(e: unknown): string | undefined {
	for (let cause = e, depth = 0; cause && depth < 5; depth++) {
		const code = (cause as { code?: unknown }).code;
		if (typeof code === 'string' && STORAGE_CODES.test(code)) return code;
		cause = (cause as { cause?: unknown }).cause;
	}
	return undefined;
}

function logStorageFailure(code: string, e: unknown): void {
	console.error(`Storage failure (${code}): the portal can't save.`, e);
}

/** A domain refusal as the HTTP error it means, a storage failure as a 503; anything else unchanged. */
export function toHttp(e: unknown): unknown {
	const storage = storageFailure(e);
	if (e instanceof DomainError || storage) {
		if (storage) logStorageFailure(storage, e);
		try {
			if (storage) error(503, { message: m.error_503() });
			else error((e as DomainError).status, { message: (e as DomainError).message });
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
 * A storage failure (full disk, read-only database) is a 503 that says so and keeps what was typed;
 * its real error, with its code, goes to the log.
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
			const storage = storageFailure(e);
			if (storage) {
				logStorageFailure(storage, e);
				const form = await copy.formData().catch(() => new FormData());
				return refuse(formValues(form), {}, m.error_storage(), 503);
			}
			throw toHttp(e);
		}
	};
}
