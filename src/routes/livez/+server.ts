import type { RequestHandler } from './$types';

/**
 * Liveness: the process answers (no database work). A supervisor restarts an instance that stops
 * answering here; `/healthz` is readiness (the database reads and writes). `npm run bench` uses
 * this route as the floor every page is measured against: the same server and hooks, no page.
 */
export const GET: RequestHandler = () =>
	new Response('ok', { headers: { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' } });
