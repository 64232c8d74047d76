// End-to-end tests: the production build on a fresh demo database, in Chromium — first on SQLite
// (every spec), then on PostgreSQL with two app instances behind one origin (the specs where one
// process could hide something: playwright.postgres.config.ts). E2E_ENGINES=sqlite or =postgres
// runs one half. Without PostgreSQL the second half is skipped and says so; on CI it is required.
// On Debian as root, installs Debian's chromium when no browser is present.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { findBinaries } from './pg-cluster.js';

const candidates = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
const hasSystemChromium = () => candidates.some((p) => fs.existsSync(p));
const hasPlaywrightBrowser = () => {
	const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || `${os.homedir()}/.cache/ms-playwright`;
	return fs.existsSync(cache) && fs.readdirSync(cache).some((d) => d.startsWith('chromium'));
};

if (!hasSystemChromium() && !hasPlaywrightBrowser()) {
	const isRoot = process.getuid?.() === 0;
	if (isRoot && fs.existsSync('/usr/bin/apt-get')) {
		console.log('No browser found: installing Debian chromium…');
		execSync(
			'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium',
			{
				stdio: 'inherit'
			}
		);
	} else {
		console.error(
			'End-to-end tests need Chromium. Install it with `sudo apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`.'
		);
		process.exit(1);
	}
}

const engines = (process.env.E2E_ENGINES ?? 'sqlite,postgres').split(',');
const args = process.argv.slice(2);
let status = 0;

if (engines.includes('sqlite')) {
	fs.rmSync('.e2e', { recursive: true, force: true });
	fs.mkdirSync('.e2e', { recursive: true });
	const sqlite = spawnSync('npx', ['playwright', 'test', ...args], {
		stdio: 'inherit',
		env: process.env
	});
	status ||= sqlite.status ?? 1;
}

if (engines.includes('postgres')) {
	if (!findBinaries()) {
		if (process.env.CI) {
			console.error('CI must run the PostgreSQL end-to-end half: install postgresql.');
			process.exit(1);
		}
		console.warn('\n  PostgreSQL is not installed: the PostgreSQL end-to-end half is SKIPPED.\n');
	} else {
		if (!fs.existsSync('build/handler.js'))
			spawnSync('npm', ['run', 'build'], { stdio: 'inherit' });
		const postgres = spawnSync(
			'npx',
			[
				'playwright',
				'test',
				'--config',
				'playwright.postgres.config.ts',
				'--pass-with-no-tests',
				...args
			],
			{
				stdio: 'inherit',
				// Its own port, so that the SQLite half's server is never mistaken for it.
				env: {
					...process.env,
					E2E_ENGINE: 'postgres',
					E2E_PORT: String(Number(process.env.E2E_PORT ?? 4173) + 7)
				}
			}
		);
		status ||= postgres.status ?? 1;
	}
}
process.exit(status);
