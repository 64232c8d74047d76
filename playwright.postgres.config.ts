import { defineConfig } from '@playwright/test';
import base from './playwright.config';

// The same browser set-up, on PostgreSQL: two app instances on one database behind one origin
// (scripts/e2e-instances.js), each request handed to the next instance in turn. The specs are the
// ones where one process could hide something — sessions, sign-in throttles, one-time secrets,
// confirmations after a redirect, and the donation flow end to end.
const PORT = Number(process.env.E2E_PORT ?? 4180);
const ORIGIN = `http://localhost:${PORT}`;

export default defineConfig({
	...base,
	testIgnore: [],
	testMatch: [
		'auth.spec.ts',
		'sessions.spec.ts',
		'flash.spec.ts',
		'donation-flow.spec.ts',
		'instances.spec.ts'
	],
	outputDir: 'test-results/postgres',
	use: { ...base.use, baseURL: ORIGIN },
	webServer: {
		command: 'node scripts/e2e-instances.js',
		url: `${ORIGIN}/healthz`,
		reuseExistingServer: false,
		timeout: 180_000,
		gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
		env: {
			PORT: String(PORT),
			ORIGIN,
			SIGN_IN_ADDRESS_ALLOWANCE: '1000'
		}
	}
});
