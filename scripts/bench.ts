// `npm run bench [-- --db demo|large|both --engine sqlite|postgres|both --duration 5 --connections 10
// --no-build --smoke]`: the production build, pinned to one core, on the demo database and on the
// large one (`npm run seed:large`), on SQLite and on PostgreSQL (a throwaway cluster; the large
// program moved there by db:copy), measured with autocannon on loopback from the other core. For each role's
// main pages: requests/s, p50, p99, max, errors, the ratio to the floor (a bare endpoint of the same
// server, anonymous and with a session), the page's HTML and JavaScript bytes (gzip), the queries
// it ran, and the server's peak memory. Writes bench/RESULTS.md. `--smoke` asks each page a few
// hundred times on the demo data and fails on any error (part of `npm test`'s end-to-end run).
// `--pages <text>` measures only the pages whose "role name" contains the text (the floors always);
// `--cpu-prof` runs the server under `node --cpu-prof` and prints where its time went
// (scripts/profile-summary.ts; the profile is kept under .bench/profiles). On the large program on
// PostgreSQL it also measures two app instances against one (`--no-instances` leaves that out).
import { execSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { summarise } from './profile-summary';
import { findBinaries, startCluster, urlOf } from './pg-cluster.js';
import { openSqlite, createDb } from '../src/lib/server/db';
import { copyDatabase } from '../src/lib/server/db/copy';
import { createPostgresDb } from '../src/lib/server/db/postgres';

const { values: args } = parseArgs({
	options: {
		db: { type: 'string', default: 'both' },
		engine: { type: 'string' },
		duration: { type: 'string', default: '5' },
		connections: { type: 'string', default: '10' },
		port: { type: 'string', default: '4400' },
		'no-build': { type: 'boolean', default: false },
		smoke: { type: 'boolean', default: false },
		pages: { type: 'string' },
		'cpu-prof': { type: 'boolean', default: false },
		instances: { type: 'boolean', default: true },
		out: { type: 'string', default: 'bench/RESULTS.md' }
	}
});
const smoke = args.smoke;
const duration = Number(args.duration);
const connections = Number(args.connections);
const port = Number(args.port);
const origin = `http://127.0.0.1:${port}`;
const PASSWORD = 'demo-password';
const dbs = smoke ? ['demo'] : args.db === 'both' ? ['demo', 'large'] : [args.db!];
for (const db of dbs)
	if (db !== 'demo' && db !== 'large') {
		console.error(`--db must be demo, large or both (not ${db})`);
		process.exit(2);
	}
type Engine = 'sqlite' | 'postgres';
// Both engines when PostgreSQL is installed (the smoke run: SQLite, as the e2e run already covers both).
const engineArg = args.engine ?? (smoke || !findBinaries() ? 'sqlite' : 'both');
const engines: Engine[] = engineArg === 'both' ? ['sqlite', 'postgres'] : [engineArg as Engine];
for (const engine of engines)
	if (engine !== 'sqlite' && engine !== 'postgres') {
		console.error(`--engine must be sqlite, postgres or both (not ${engine})`);
		process.exit(2);
	}
if (!args.engine && engines.length === 1 && !smoke)
	console.warn('PostgreSQL is not installed: measuring SQLite only.');

/** Where a run's database is: a SQLite file, or a PostgreSQL database. */
type Target = { engine: 'sqlite'; path: string } | { engine: 'postgres'; url: string };

type Role = 'anonymous' | 'coordinator' | 'teacher' | 'sponsor';
interface Page {
	role: Role;
	name: string;
	path: string;
}
interface Measured extends Page {
	rps: number;
	p50: number;
	p99: number;
	max: number;
	errors: number;
	htmlBytes: number;
	jsBytes: number;
	compressed: boolean;
	queries: number | null;
}

// ---- The server ------------------------------------------------------------------------------
function startServer(
	target: Target,
	demo: boolean,
	at: { port: number; core: number } = { port, core: os.cpus().length - 1 }
): Promise<ChildProcess> {
	const cores = os.cpus().length;
	const origin = `http://127.0.0.1:${at.port}`;
	// One core for the server, the rest for the load (autocannon): as a small production instance.
	const command = cores > 1 ? ['taskset', '-c', String(at.core), 'node'] : ['node'];
	// SIGUSR2 makes the server write a heap snapshot into its diagnostic directory (liveHeapMb).
	const flags = [`--heapsnapshot-signal=SIGUSR2`, `--diagnostic-dir=${snapshotDir}`];
	if (args['cpu-prof']) flags.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
	const { DATABASE_URL: _, ...env } = process.env;
	const child = spawn(command[0], [...command.slice(1), ...flags, 'scripts/start.js'], {
		env: {
			...env,
			...(target.engine === 'sqlite'
				? { DATABASE_PATH: target.path }
				: { DATABASE_URL: target.url, DATABASE_POOL_SIZE: '10' }),
			PORT: String(at.port),
			HOST: '127.0.0.1',
			ORIGIN: origin,
			SAPLING_BENCH: '1',
			SAPLING_DEMO: demo ? '1' : '',
			NODE_ENV: 'production'
		},
		stdio: ['ignore', 'pipe', 'inherit']
	});
	child.stdout!.on('data', () => {});
	return new Promise((resolve, reject) => {
		const deadline = Date.now() + 120_000;
		const poll = () =>
			http
				.get(`${origin}/livez`, (res) => {
					res.resume();
					if (res.statusCode === 200) resolve(child);
					else setTimeout(poll, 200);
				})
				.on('error', () => {
					if (child.exitCode !== null) reject(new Error('the server stopped before it answered'));
					else if (Date.now() > deadline)
						reject(new Error('the server did not answer in 2 minutes'));
					else setTimeout(poll, 200);
				});
		poll();
	});
}

/** The server's resident memory now (VmRSS) and at its peak (VmHWM), in MB. */
function memoryMb(child: ChildProcess): { rss: number; peak: number } {
	const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
	const mb = (field: string) =>
		Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
	return { rss: mb('VmRSS'), peak: mb('VmHWM') };
}

/** Linux starts a process's peak resident size (VmHWM) again from now when asked (clear_refs 5). */
function resetPeak(child: ChildProcess): void {
	try {
		fs.writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
	} catch {
		// Not Linux, or not allowed: the peak then includes the first snapshot.
	}
}

const snapshotDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-heap-'));
const profileDir = path.resolve('.bench/profiles');

/**
 * The server's live JavaScript heap in MB: it writes a heap snapshot (a full collection first, so
 * only what is still reachable is in it) and this sums its objects' own sizes. Taken after the
 * warm-up and again after every page has been measured, the two say whether the run leaked.
 */
async function liveHeapMb(child: ChildProcess): Promise<number> {
	const before = new Set(fs.readdirSync(snapshotDir));
	child.kill('SIGUSR2');
	const deadline = Date.now() + 120_000;
	for (;;) {
		const file = fs
			.readdirSync(snapshotDir)
			.find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
		if (file) {
			const full = path.join(snapshotDir, file);
			try {
				const snapshot = JSON.parse(fs.readFileSync(full, 'utf8')) as {
					snapshot: { meta: { node_fields: string[] } };
					nodes: number[];
				};
				fs.rmSync(full);
				const fields = snapshot.snapshot.meta.node_fields;
				const self = fields.indexOf('self_size');
				let bytes = 0;
				for (let i = self; i < snapshot.nodes.length; i += fields.length)
					bytes += snapshot.nodes[i];
				return Math.round(bytes / 2 ** 20);
			} catch {
				// Still being written: the JSON is not whole yet.
			}
		}
		if (Date.now() > deadline) throw new Error('the server wrote no heap snapshot in 2 minutes');
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

interface Memory {
	rss: number;
	peak: number;
	heapBefore: number;
	heapAfter: number;
}

interface Answer {
	status: number;
	headers: http.IncomingHttpHeaders;
	body: Buffer;
}

function request(
	pathname: string,
	options: { cookie?: string; method?: string; form?: Record<string, string>; gzip?: boolean } = {}
): Promise<Answer> {
	const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
	return new Promise((resolve, reject) => {
		const req = http.request(
			`${origin}${pathname}`,
			{
				method: options.method ?? 'GET',
				headers: {
					...(options.cookie ? { cookie: options.cookie } : {}),
					...(options.gzip ? { 'accept-encoding': 'gzip' } : {}),
					...(body
						? {
								'content-type': 'application/x-www-form-urlencoded',
								accept: 'text/html',
								origin,
								'content-length': Buffer.byteLength(body)
							}
						: {})
				}
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () =>
					resolve({
						status: res.statusCode ?? 0,
						headers: res.headers,
						body: Buffer.concat(chunks)
					})
				);
			}
		);
		req.on('error', reject);
		req.end(body);
	});
}

async function signIn(username: string): Promise<string> {
	const answer = await request('/login', {
		method: 'POST',
		form: { username, password: PASSWORD }
	});
	const cookie = (answer.headers['set-cookie'] ?? [])
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('sapling-session='));
	if (answer.status !== 303 || !cookie)
		throw new Error(`could not sign in as ${username} (${answer.status})`);
	return cookie;
}

// ---- What to measure -------------------------------------------------------------------------
/** Ids of things each demo account may see, read from the database the server runs on. */
/** The first row's columns of a query (`?` parameters) on either engine. */
async function reader(target: Target) {
	if (target.engine === 'sqlite') {
		const sqlite = new SQLite(target.path, { readonly: true, fileMustExist: true });
		return {
			row: async (query: string, ...params: unknown[]) =>
				sqlite.prepare(query).get(...params) as Record<string, number> | undefined,
			close: async () => void sqlite.close()
		};
	}
	const client = new pg.Client({ connectionString: target.url });
	await client.connect();
	return {
		row: async (query: string, ...params: unknown[]) => {
			let n = 0;
			const result = await client.query(
				query.replace(/\?/g, () => `$${++n}`),
				params
			);
			const row = result.rows[0] as Record<string, unknown> | undefined;
			return row && Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]));
		},
		close: () => client.end()
	};
}

async function pagesFor(target: Target): Promise<Page[]> {
	const db = await reader(target);
	const one = async (query: string, ...params: unknown[]) => {
		const row = await db.row(query, ...params);
		if (!row) throw new Error(`nothing found for: ${query}`);
		return Object.values(row)[0];
	};
	const user = async (name: string) =>
		(await db.row(
			'select id, school_id as s, organisation_id as o from "user" where username = ?',
			name
		)) as { id: number; s: number; o: number };
	const teacher = await user('teacher');
	const sponsor = await user('sponsor');
	const ids = {
		teacherRequest: await one(
			`select id from supply_request where school_id = ? and status = 'fulfilling' order by id desc`,
			teacher.s
		),
		teacherShipment: await one(
			'select id from shipment where school_id = ? order by id desc',
			teacher.s
		),
		coordinatorRequest: await one(
			`select id from supply_request where status = 'submitted' order by id desc`
		),
		coordinatorShipment: await one('select id from shipment order by id desc'),
		stockItem: await one('select catalog_item_id from stock_level order by catalog_item_id'),
		pledge: await one(
			'select id from pledge where organisation_id = ? order by id desc',
			sponsor.o
		),
		sponsorRequest: await one(
			`select r.id from supply_request r join request_line l on l.request_id = r.id
			 join pledge p on p.request_line_id = l.id where p.organisation_id = ? order by p.id desc`,
			sponsor.o
		),
		sponsorShipment: await one(
			'select id from shipment where organisation_id = ? order by id desc',
			sponsor.o
		),
		thanks: await one(
			'select id from thank_you_note where school_id = ? or is_public = 1 order by id desc',
			teacher.s
		)
	};
	await db.close();
	const page = (role: Role, name: string, p: string): Page => ({ role, name, path: p });
	const only = args.pages;
	return [
		page('anonymous', 'floor (bare endpoint)', '/livez'),
		page('anonymous', 'sign-in', '/login'),
		page('coordinator', 'floor with a session', '/livez'),
		page('coordinator', 'home', '/'),
		page('coordinator', 'requests', '/requests'),
		page('coordinator', 'request', `/requests/${ids.coordinatorRequest}`),
		page('coordinator', 'shipments', '/shipments'),
		page('coordinator', 'shipment', `/shipments/${ids.coordinatorShipment}`),
		page('coordinator', 'stock', '/stock'),
		page('coordinator', 'stock item', `/stock/${ids.stockItem}`),
		page('coordinator', 'thank-you notes', '/thanks'),
		page('coordinator', 'notifications', '/notifications'),
		page('teacher', 'home', '/'),
		page('teacher', 'requests', '/requests'),
		page('teacher', 'request', `/requests/${ids.teacherRequest}`),
		page('teacher', 'shipments', '/shipments'),
		page('teacher', 'shipment', `/shipments/${ids.teacherShipment}`),
		page('teacher', 'thank-you notes', '/thanks'),
		page('teacher', 'thank-you note', `/thanks/${ids.thanks}`),
		page('teacher', 'notifications', '/notifications'),
		page('sponsor', 'home', '/'),
		page('sponsor', 'needs', '/needs'),
		page('sponsor', 'pledges', '/pledges'),
		page('sponsor', 'pledge', `/pledges/${ids.pledge}`),
		page('sponsor', 'request', `/requests/${ids.sponsorRequest}`),
		page('sponsor', 'shipments', '/shipments'),
		page('sponsor', 'shipment', `/shipments/${ids.sponsorShipment}`),
		page('sponsor', 'thank-you notes', '/thanks'),
		page('sponsor', 'notifications', '/notifications')
	].filter((p) => !only || p.path === '/livez' || `${p.role} ${p.name}`.includes(only));
}

/** The page's own HTML, and the JavaScript it loads (module preloads and imports), gzipped. */
async function weigh(page: Page, cookie: string | undefined) {
	const answer = await request(page.path, { cookie, gzip: true });
	// Compressed as the server sends it to a browser (the body's bytes on the wire).
	const html = answer.body.length;
	const plain = await request(page.path, { cookie });
	const text = plain.body.toString('utf8');
	// SvelteKit names the page's modules twice: in the bootstrap script's imports and, for the
	// rest of its graph, as `rel="modulepreload"` entries of the response's Link header (not in
	// the HTML). Both are relative to the page (./_app/…, ../_app/…): resolve each.
	const link = String(plain.headers.link ?? '');
	const named = [
		...[...text.matchAll(/["']((?:\.{1,2}\/)*\/?_app\/immutable\/[^"']+\.js)["']/g)].map(
			(m) => m[1]
		),
		...[...link.matchAll(/<([^>]+\.js)>;\s*rel="modulepreload"/g)].map((m) => m[1])
	];
	const scripts = new Set(named.map((src) => new URL(src, new URL(page.path, origin)).pathname));
	let js = 0;
	for (const src of scripts) js += (await request(src, { gzip: true })).body.length;
	const queries = answer.headers['x-sapling-queries'];
	return {
		status: answer.status,
		compressed: answer.headers['content-encoding'] === 'gzip',
		html,
		js,
		queries: queries === undefined ? null : Number(queries)
	};
}

async function load(
	page: Page,
	cookie: string | undefined,
	options: { duration?: number; amount?: number; connections?: number; origin?: string }
) {
	const { origin: at = origin, ...rest } = options;
	const result = await autocannon({
		url: `${at}${page.path}`,
		connections,
		...rest,
		headers: { ...(cookie ? { cookie } : {}), 'accept-encoding': 'gzip' }
	});
	return {
		rps: result.requests.average,
		p50: result.latency.p50,
		p99: result.latency.p99,
		max: result.latency.max,
		errors: result.errors + result.timeouts + result.non2xx
	};
}

async function measure(target: Target, demo: boolean) {
	const server = await startServer(target, demo);
	try {
		const pages = await pagesFor(target);
		const cookies: Record<Role, string | undefined> = {
			anonymous: undefined,
			coordinator: await signIn('coordinator'),
			teacher: await signIn('teacher'),
			sponsor: await signIn('sponsor')
		};
		const measured: Measured[] = [];
		// Warm every page once before the first snapshot, so what the first requests build once
		// (compiled routes, prepared statements, formatters) is in both snapshots, not read as a leak.
		for (const page of pages) await load(page, cookies[page.role], { amount: 20 });
		const heapBefore = smoke ? 0 : await liveHeapMb(server);
		// Writing a snapshot takes memory of its own: start the peak (VmHWM) again after it.
		resetPeak(server);
		for (const page of pages) {
			const cookie = cookies[page.role];
			const weight = await weigh(page, cookie);
			if (weight.status !== 200)
				throw new Error(`${page.role} ${page.path} answered ${weight.status}`);
			await load(page, cookie, { amount: smoke ? 20 : 100 });
			const run = await load(page, cookie, smoke ? { amount: 300 } : { duration });
			measured.push({
				...page,
				...run,
				htmlBytes: weight.html,
				jsBytes: weight.js,
				compressed: weight.compressed,
				queries: weight.queries
			});
			console.log(
				`${page.role.padEnd(12)} ${page.name.padEnd(22)} ${run.rps.toFixed(0).padStart(6)}/s  p50 ${String(run.p50).padStart(4)} ms  p99 ${String(run.p99).padStart(5)} ms  errors ${run.errors}  queries ${weight.queries}`
			);
		}
		const memory = memoryMb(server);
		const heapAfter = smoke ? 0 : await liveHeapMb(server);
		return { measured, memory: { ...memory, heapBefore, heapAfter } };
	} finally {
		server.kill('SIGTERM');
		await new Promise((resolve) => server.once('exit', resolve));
		if (args['cpu-prof']) printProfile();
	}
}

/** The newest profile the server wrote as it stopped, summarised. */
function printProfile() {
	const newest = fs
		.readdirSync(profileDir)
		.filter((f) => f.endsWith('.cpuprofile'))
		.map((f) => path.join(profileDir, f))
		.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
	if (!newest) return console.log('The server wrote no CPU profile.');
	console.log(`\n${summarise(JSON.parse(fs.readFileSync(newest, 'utf8')))}\n(${newest})`);
}

/** Pages of every role whose throughput two instances are compared on. */
const INSTANCE_PAGES = [
	'coordinator requests',
	'coordinator stock',
	'teacher home',
	'teacher request',
	'sponsor needs',
	'sponsor shipments'
];

interface Scaled {
	page: Page;
	one: number;
	two: number;
}

/**
 * Two app instances on one PostgreSQL database, against one: a second server on its own port and
 * on the other core, and the same load (connections in all) split between the two — two
 * autocannon runs at once, their requests/s added, as a round-robin proxy in front would share it
 * without the proxy's own cost. The session cookie made on one instance is good on the other.
 */
async function measureInstances(target: Target): Promise<Scaled[]> {
	const second = { port: port + 1, core: 0 };
	const servers = [await startServer(target, false), await startServer(target, false, second)];
	try {
		const pages = (await pagesFor(target)).filter((p) =>
			INSTANCE_PAGES.includes(`${p.role} ${p.name}`)
		);
		const cookies: Partial<Record<Role, string>> = {};
		for (const role of new Set(pages.map((p) => p.role)))
			if (role !== 'anonymous') cookies[role] = await signIn(role);
		const origins = [origin, `http://127.0.0.1:${second.port}`];
		const scaled: Scaled[] = [];
		for (const page of pages) {
			const cookie = cookies[page.role];
			for (const at of origins) await load(page, cookie, { amount: 200, origin: at });
			const one = (await load(page, cookie, { duration })).rps;
			const split = await Promise.all(
				origins.map((at) =>
					load(page, cookie, { duration, connections: Math.ceil(connections / 2), origin: at })
				)
			);
			const two = split.reduce((sum, run) => sum + run.rps, 0);
			failed += split.reduce((sum, run) => sum + run.errors, 0);
			scaled.push({ page, one, two });
			console.log(
				`${page.role.padEnd(12)} ${page.name.padEnd(22)} one ${one.toFixed(0).padStart(5)}/s  two ${two.toFixed(0).padStart(5)}/s  ${(two / one).toFixed(2)}×`
			);
		}
		return scaled;
	} finally {
		for (const server of servers) {
			server.kill('SIGTERM');
			await new Promise((resolve) => server.once('exit', resolve));
		}
	}
}

// ---- Run -------------------------------------------------------------------------------------
if (!args['no-build']) execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
fs.mkdirSync('.bench', { recursive: true });
const sections: string[] = [];
const results: { db: string; engine: Engine; measured: Measured[]; memory: Memory }[] = [];
let instances: Scaled[] | undefined;
let failed = 0;
let cluster: ReturnType<typeof startCluster> | undefined;

/** A fresh database for one run: a copy of the file on SQLite; on PostgreSQL, a new database. */
async function prepare(engine: Engine, db: string): Promise<Target> {
	if (db === 'large' && !fs.existsSync('data/large.db'))
		execSync('npm run seed:large', { stdio: 'inherit' });
	if (engine === 'sqlite') {
		const file = path.join('.bench', `${db}.db`);
		for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
		if (db === 'large') fs.copyFileSync('data/large.db', file);
		return { engine, path: file };
	}
	cluster ??= startCluster();
	const admin = new pg.Client({ connectionString: cluster.url });
	await admin.connect();
	await admin.query(`drop database if exists bench_${db} with (force)`);
	await admin.query(`create database bench_${db}`);
	await admin.end();
	const url = urlOf(cluster.dir, `bench_${db}`);
	if (db === 'large') {
		console.log('Copying the large program to PostgreSQL (db:copy)…');
		const from = createDb(openSqlite('data/large.db', { readonly: true }));
		const to = createPostgresDb(url, { max: 2 });
		await copyDatabase(from, to);
		await sql`analyze`.execute(to);
		await from.destroy();
		await to.destroy();
	}
	return { engine, url };
}

for (const engine of engines)
	for (const db of dbs) {
		const target = await prepare(engine, db);
		console.log(`\n== ${db} database, ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`);
		const { measured, memory } = await measure(target, db === 'demo');
		results.push({ db, engine, measured, memory });
		const floorAnon = measured.find((m) => m.role === 'anonymous' && m.path === '/livez')!.rps;
		const floorSession = measured.find((m) => m.role !== 'anonymous' && m.path === '/livez')!.rps;
		failed += measured.reduce((s, m) => s + m.errors, 0);
		const rows = measured.map((m) => {
			const floor = m.role === 'anonymous' ? floorAnon : floorSession;
			return `| ${m.role} | ${m.name} | \`${m.path.replace(/\d+/g, ':id')}\` | ${m.rps.toFixed(0)} | ${m.p50} | ${m.p99} | ${m.max} | ${m.errors} | ${(m.rps / floor).toFixed(2)} | ${(m.htmlBytes / 1024).toFixed(1)} | ${(m.jsBytes / 1024).toFixed(1)} | ${m.queries ?? '–'} |`;
		});
		sections.push(
			[
				`## ${db === 'demo' ? 'Demo' : 'Large'} database, ${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
				'',
				`Server memory: ${memory.peak} MB at its peak (VmHWM), ${memory.rss} MB after the run (VmRSS). Live JavaScript heap (heap snapshots, after a full collection): ${memory.heapBefore} MB after the warm-up, ${memory.heapAfter} MB after every page was measured.`,
				'',
				'| role | page | path | req/s | p50 ms | p99 ms | max ms | errors | × floor | HTML KB gz | JS KB gz | queries |',
				'| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
				...rows
			].join('\n')
		);
		if (engine === 'postgres' && db === 'large' && args.instances && !smoke && !args.pages) {
			console.log('\n== large database, PostgreSQL: two instances against one');
			instances = await measureInstances(target);
			sections.push(
				[
					'## Large database, PostgreSQL: two instances against one',
					'',
					`The same ${connections} connections against one instance, then split between two instances on one database (each server on its own core; PostgreSQL and the load share the machine's ${os.cpus().length} cores with them).`,
					'',
					'| role | page | one instance req/s | two instances req/s | × one |',
					'| --- | --- | ---: | ---: | ---: |',
					...instances.map(
						(i) =>
							`| ${i.page.role} | ${i.page.name} | ${i.one.toFixed(0)} | ${i.two.toFixed(0)} | ${(i.two / i.one).toFixed(2)} |`
					)
				].join('\n')
			);
		}
	}

if (cluster) {
	cluster.stop();
	fs.rmSync(cluster.dir, { recursive: true, force: true });
}
if (smoke) {
	console.log(failed ? `\n${failed} request(s) failed.` : '\nEvery page answered every request.');
	process.exit(failed ? 1 : 0);
}
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
const header = [
	'# Benchmark results',
	'',
	`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench\` on ${cpu} (${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB), Node ${process.version}: the server pinned to one core, autocannon with ${connections} connections for ${duration} s per page on loopback (gzip accepted), after a warm-up of 100 requests. “× floor” is the page's requests/s over the bare endpoint's (\`/livez\`), anonymous or with a session as the page is asked for. Queries: what one request of the page ran, session check included.`,
	''
].join('\n');
const targets = targetsSection();
console.log(`\n${targets}`);
fs.mkdirSync(path.dirname(args.out!), { recursive: true });
fs.writeFileSync(args.out!, `${header}\n${targets}\n\n${sections.join('\n\n')}\n`);
console.log(`\nWrote ${args.out}.`);

/** The targets, each checked against this run: met, or the pages that miss it. */
function targetsSection(): string {
	const large = results.find((r) => r.db === 'large' && r.engine === 'sqlite');
	const demo = results.find((r) => r.db === 'demo' && r.engine === 'sqlite');
	const largePg = results.find((r) => r.db === 'large' && r.engine === 'postgres');
	const pagesOf = (r: (typeof results)[number]) => r.measured.filter((m) => m.path !== '/livez');
	const floorOf = (r: (typeof results)[number], m: Measured) =>
		r.measured.find(
			(f) => f.path === '/livez' && (f.role === 'anonymous') === (m.role === 'anonymous')
		)!.rps;
	const label = (m: Measured, detail: string) => `${m.role} ${m.name} (${detail})`;
	const rows: [string, string[]][] = [];
	if (large) {
		const pages = pagesOf(large);
		rows.push([
			'p99 under 50 ms (large)',
			pages.filter((m) => m.p99 >= 50).map((m) => label(m, `${m.p99} ms`))
		]);
		rows.push([
			'at least ½ of the floor (large)',
			pages
				.filter((m) => m.rps / floorOf(large, m) < 0.5)
				.map((m) => label(m, `${(m.rps / floorOf(large, m)).toFixed(2)}×`))
		]);
		rows.push([
			'no request over 250 ms (large)',
			pages.filter((m) => m.max > 250).map((m) => label(m, `${m.max} ms`))
		]);
		rows.push([
			'server under 300 MB after the run (large)',
			large.memory.rss < 300 ? [] : [`${large.memory.rss} MB`]
		]);
	}
	if (large && demo) {
		const slower = pagesOf(large).flatMap((m) => {
			const d = demo.measured.find((x) => x.role === m.role && x.name === m.name);
			return d && d.rps / m.rps > 1.5 ? [label(m, `${(d.rps / m.rps).toFixed(1)}× slower`)] : [];
		});
		rows.push(['flat from demo to large (within 1.5×)', slower]);
	}
	if (large && largePg) {
		const slower = pagesOf(largePg).flatMap((m) => {
			const l = large.measured.find((x) => x.role === m.role && x.name === m.name);
			return l && l.rps / m.rps > 1.5 ? [label(m, `${(l.rps / m.rps).toFixed(1)}× slower`)] : [];
		});
		rows.push(['PostgreSQL within 1.5× of SQLite (large)', slower]);
	}
	const all = results.flatMap((r) => pagesOf(r).map((m) => ({ ...m, db: `${r.db} ${r.engine}` })));
	rows.push([
		'under 50 KB of gzipped JavaScript per page',
		all
			.filter((m) => m.jsBytes >= 50 * 1024)
			.map((m) => label(m, `${m.db}, ${(m.jsBytes / 1024).toFixed(1)} KB`))
	]);
	rows.push(['HTML compressed', all.filter((m) => !m.compressed).map((m) => label(m, m.db))]);
	if (instances)
		rows.push([
			'two PostgreSQL instances above one (large)',
			instances
				.filter((i) => i.two <= i.one)
				.map((i) => label({ ...i.page } as Measured, `${(i.two / i.one).toFixed(2)}×`))
		]);
	return [
		'## Targets',
		'',
		'| target | met | missed by |',
		'| --- | --- | --- |',
		...rows.map(
			([name, missed]) =>
				`| ${name} | ${missed.length ? 'no' : 'yes'} | ${missed.join('; ') || '–'} |`
		)
	].join('\n');
}
