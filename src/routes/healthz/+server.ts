import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { checkHealth } from '$lib/server/db/health';

const headers = { 'Cache-Control': 'no-store' };

export const GET: RequestHandler = async () => {
	const health = await checkHealth();
	if (health.ok) return json({ status: 'ok', database: 'ok' }, { headers });
	if (health.database === 'unavailable')
		return json({ status: 'error', ok: false, database: 'unavailable' }, { status: 503, headers });
	console.error(`/healthz: writes are failing (${health.reason})`);
	return json({ status: 'error', ...health }, { status: 503, headers });
};
