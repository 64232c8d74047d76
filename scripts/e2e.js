// End-to-end tests: the production build on a fresh demo database, in Chromium.
// On Debian as root, installs Debian's chromium when no browser is present.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';

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

fs.rmSync('.e2e', { recursive: true, force: true });
fs.mkdirSync('.e2e', { recursive: true });
const result = spawnSync('npx', ['playwright', 'test', ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: process.env
});
process.exit(result.status ?? 1);
