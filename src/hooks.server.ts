import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { m } from '$lib/paraglide/messages.js';
import { deleteSessionCookie, sessionCookieName, setSessionCookie } from '$lib/server/auth/cookie';
import { isCrossSiteRequest } from '$lib/server/auth/cross-site';
import { validateSessionToken } from '$lib/server/auth/session';
import { startSweeping } from '$lib/server/auth/sweep';
import { getDb } from '$lib/server/db';
import { migrateToLatest } from '$lib/server/db/migrate';
import { keepStatisticsFresh } from '$lib/server/db/statistics';
import * as demo from '$lib/server/demo/seed';
import { countQueries } from '$lib/server/db/query-count';

export const init: ServerInit = async () => {
	await migrateToLatest(getDb());
	// `npm run demo` only: a new, empty demo database is filled with the demo program.
	if (process.env.SAPLING_DEMO === '1' && (await demo.isEmpty())) await demo.seedDemo();
	startSweeping();
	keepStatisticsFresh();
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

/** Identity only: the session cookie becomes locals.user. What they may do is the policy's job. */
const identity: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(sessionCookieName(event.url)) ?? null;
	const found = token ? await validateSessionToken(token) : null;
	if (found) {
		setSessionCookie(event.cookies, event.url, token!, found.session);
	} else if (token) {
		deleteSessionCookie(event.cookies, event.url);
	}
	event.locals.user = found?.user ?? null;
	event.locals.session = found?.session ?? null;
	return resolve(event);
};

/** Refuses a state-changing request from another site, whatever its content type (a 403). */
const sameSite: Handle = ({ event, resolve }) => {
	const request = {
		method: event.request.method,
		origin: event.request.headers.get('origin'),
		secFetchSite: event.request.headers.get('sec-fetch-site')
	};
	if (isCrossSiteRequest(request, event.url.origin)) {
		return new Response(m.auth_cross_site_refused(), {
			status: 403,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	return resolve(event);
};

const headers: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	if (event.locals.user && !response.headers.has('Cache-Control')) {
		response.headers.set('Cache-Control', 'private, no-store');
	}
	return response;
};

/** `SAPLING_BENCH=1` only: each response tells how many queries it took (`npm run bench` reads it). */
const queryCount: Handle = async ({ event, resolve }) => {
	const { result, queries } = await countQueries(async () => resolve(event));
	result.headers.set('X-Sapling-Queries', String(queries));
	return result;
};

// The cross-site check runs inside i18n, so its refusal is in the visitor's language.
const handles = [identity, i18n, sameSite, headers];
export const handle = sequence(
	...(process.env.SAPLING_BENCH === '1' ? [queryCount] : []),
	...handles
);

export const handleError: HandleServerError = ({ error, status, message }) => {
	if (status >= 500) console.error(error);
	return { message };
};
