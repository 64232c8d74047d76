// The end-to-end tests' PostgreSQL set-up: a throwaway cluster, two app instances of the production
// build on one database, and in front of them one origin — a small proxy that hands each request to
// the next instance in turn, so consecutive requests of one person (a form's POST and the page after
// its redirect) meet different instances. Every response says which one answered
// (`X-Sapling-Instance: a|b`); a test may pin a request to one (`X-Sapling-Pin: a|b`), to show that
// what one instance wrote the other reads. Playwright starts this as its web server and stops it
// with SIGTERM.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startCluster, urlOf } from './pg-cluster.js';

const PORT = Number(process.env.PORT ?? 4180);
const ORIGIN = process.env.ORIGIN ?? `http://localhost:${PORT}`;
const INSTANCES = [
	{ name: 'a', port: PORT + 1 },
	{ name: 'b', port: PORT + 2 }
];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-e2e-pg-'));
const cluster = startCluster(dir);
const admin = new pg.Client({ connectionString: cluster.url });
await admin.connect();
await admin.query('create database sapling');
await admin.end();
const DATABASE_URL = urlOf(dir, 'sapling');

/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;
/** @type {http.Server | undefined} */
let proxy;
function stop(code = 0) {
	if (stopping) return;
	stopping = true;
	// The proxy's kept-alive sockets would hold each instance's graceful shutdown open.
	proxy?.close();
	proxy?.closeAllConnections();
	for (const child of children) child.kill('SIGTERM');
	const exited = children.map((c) =>
		c.exitCode !== null ? Promise.resolve() : new Promise((r) => c.once('exit', r))
	);
	Promise.race([Promise.all(exited), new Promise((r) => setTimeout(r, 5000))]).then(() => {
		for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
		cluster.stop();
		fs.rmSync(dir, { recursive: true, force: true });
		process.exit(code);
	});
}
process.on('SIGTERM', () => stop());
process.on('SIGINT', () => stop());

/** @param {{ name: string, port: number }} instance */
async function startInstance(instance) {
	const child = spawn(process.execPath, ['scripts/demo.js'], {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: {
			...process.env,
			SKIP_BUILD: '1',
			PORT: String(instance.port),
			ORIGIN,
			DATABASE_URL,
			DATABASE_POOL_SIZE: '5'
		}
	});
	children.push(child);
	child.once('exit', (code) => {
		if (!stopping) {
			console.error(`instance ${instance.name} exited (${code})`);
			stop(1);
		}
	});
	for (let i = 0; i < 600; i++) {
		const ok = await fetch(`http://127.0.0.1:${instance.port}/healthz`)
			.then((r) => r.ok)
			.catch(() => false);
		if (ok) return;
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`instance ${instance.name} did not answer /healthz`);
}

// One at a time: the first fills the empty database with the demo program, the second finds it full.
for (const instance of INSTANCES) await startInstance(instance);

let turn = 0;
proxy = http.createServer((req, res) => {
	const pinned = INSTANCES.find((i) => i.name === req.headers['x-sapling-pin']);
	const instance = pinned ?? INSTANCES[turn++ % INSTANCES.length];
	const upstream = http.request(
		{
			host: '127.0.0.1',
			port: instance.port,
			method: req.method,
			path: req.url,
			headers: req.headers
		},
		(answer) => {
			res.writeHead(answer.statusCode ?? 502, {
				...answer.headers,
				'x-sapling-instance': instance.name
			});
			answer.pipe(res);
		}
	);
	upstream.on('error', () => {
		if (!res.headersSent) res.writeHead(502);
		res.end();
	});
	req.pipe(upstream);
});
proxy.listen(PORT, () =>
	console.log(`Two instances (${INSTANCES.map((i) => i.port).join(', ')}) behind ${ORIGIN}`)
);
