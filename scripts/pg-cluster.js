// A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, a server listening
// only on a Unix socket there (no port on the network, no system service), stopped afterwards.
//
//   node scripts/pg-cluster.js start <dir>   prints the cluster's URL (postgres://sapling@/postgres?host=…)
//   node scripts/pg-cluster.js stop <dir>
//
// Also imported by the Vitest and Playwright set-ups. Root may not run initdb: as root (CI), the
// cluster belongs to the `postgres` user Debian's package creates.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The port only names the socket file inside the cluster's own directory: it can't collide. */
export const PORT = 55432;
export const USER = 'sapling';

/** Where initdb and pg_ctl are: on PATH, else Debian's versioned directory (newest first). */
export function findBinaries() {
	for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
		if (dir && fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl')))
			return dir;
	}
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** @param {string} bin @param {string[]} args @param {object} [options] */
function run(bin, args, options = {}) {
	const [cmd, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
	return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options }).toString();
}

/** @param {string} dir @param {string} [database] */
export const urlOf = (dir, database = 'postgres') =>
	`postgres://${USER}@/${database}?host=${encodeURIComponent(dir)}&port=${PORT}`;

/**
 * Starts a cluster in `dir` (made if missing) and returns its URL. Settings for test speed only —
 * fsync and synchronous_commit off — never for a real program.
 */
export function startCluster(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-pg-'))) {
	const bin = findBinaries();
	if (!bin) throw new Error('PostgreSQL is not installed (no initdb): apt-get install postgresql');
	fs.mkdirSync(dir, { recursive: true });
	if (isRoot()) execFileSync('chown', ['postgres', dir]);
	const data = path.join(dir, 'data');
	if (!fs.existsSync(path.join(data, 'PG_VERSION'))) {
		run(path.join(bin, 'initdb'), [
			'-D',
			data,
			'-A',
			'trust',
			'-U',
			USER,
			'-E',
			'UTF8',
			'--locale=C',
			'--no-sync'
		]);
	}
	const options = [
		`-p ${PORT}`,
		`-k ${dir}`,
		"-c listen_addresses=''",
		'-c fsync=off',
		'-c synchronous_commit=off',
		'-c full_page_writes=off',
		'-c max_connections=200'
	].join(' ');
	run(path.join(bin, 'pg_ctl'), [
		'-D',
		data,
		'-o',
		options,
		'-l',
		path.join(dir, 'log'),
		'-w',
		'start'
	]);
	return { dir, url: urlOf(dir), stop: () => stopCluster(dir) };
}

/** @param {string} dir */
export function stopCluster(dir) {
	const bin = findBinaries();
	if (!bin || !fs.existsSync(path.join(dir, 'data', 'postmaster.pid'))) return;
	run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop']);
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const [command, dir] = process.argv.slice(2);
	if (command === 'start') console.log(startCluster(dir).url);
	else if (command === 'stop' && dir) stopCluster(dir);
	else {
		console.error('usage: node scripts/pg-cluster.js start [dir] | stop <dir>');
		process.exit(2);
	}
}
