import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 4173);
const ORIGIN = `http://localhost:${PORT}`;

// Debian's chromium where it exists (these machines can't download Playwright's browsers);
// elsewhere Playwright's own.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) =>
	fs.existsSync(p)
);

export default defineConfig({
	testDir: 'e2e',
	// Needs two instances behind one origin: run by playwright.postgres.config.ts only.
	testIgnore: ['instances.spec.ts'],
	fullyParallel: true,
	workers: process.env.CI ? 2 : undefined,
	// The specs share one demo database and run two at a time; a retry on CI keeps a rare
	// collision between them from failing a submission (it is still reported as flaky).
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		baseURL: ORIGIN,
		locale: 'en-US',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: systemChromium,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined } }],
	webServer: {
		// The production build on a fresh demo database (scripts/e2e.js deletes the old one).
		command: 'node scripts/demo.js',
		url: `${ORIGIN}/healthz`,
		reuseExistingServer: false,
		timeout: 180_000,
		env: {
			PORT: String(PORT),
			ORIGIN,
			DATABASE_PATH: '.e2e/demo.db',
			// Every test signs in from 127.0.0.1: a wider per-address allowance than the default 50.
			SIGN_IN_ADDRESS_ALLOWANCE: '1000',
			SKIP_BUILD: process.env.SKIP_BUILD ?? '0'
		}
	}
});
