// Production start: the built portal with embedded defaults for its configuration. It serves the
// build's handler itself, as build/index.js would, so that every response, static files included
// (adapter-node serves those before the hooks run), carries X-Content-Type-Options: nosniff, and
// so that pages are compressed.
import fs from 'node:fs';
import http from 'node:http';
import compression from 'compression';

process.env.PORT ||= '3000';
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
// Photos of receipts come from phones: allow the 4 photos of 8 MB that one receipt or thank-you form takes.
process.env.BODY_SIZE_LIMIT ||= '36M';

if (!fs.existsSync(new URL('../build/handler.js', import.meta.url))) {
	console.error('No build found. Run `npm run build` first (or `npm run demo`, which builds).');
	process.exit(1);
}
// ORIGIN, BODY_SIZE_LIMIT, ADDRESS_HEADER, PROTOCOL_HEADER … are read by the handler itself.
const { handler } = await import('../build/handler.js');
const { env, timeout_env } = await import('../build/env.js');

// What build/index.js (adapter-node 5) does, without its polka: the same variables, same defaults.
const socketPath = env('SOCKET_PATH', false);
const host = env('HOST', '0.0.0.0');
const port = env('PORT', !socketPath && '3000');
const shutdownTimeout = parseInt(env('SHUTDOWN_TIMEOUT', '30'));
const idleTimeout = parseInt(env('IDLE_TIMEOUT', '0'));
const listenPid = parseInt(env('LISTEN_PID', '0'));
const listenFds = parseInt(env('LISTEN_FDS', '0'));
const SD_LISTEN_FDS_START = 3;
if (listenPid !== 0 && listenPid !== process.pid) {
	throw new Error(`received LISTEN_PID ${listenPid} but current process id is ${process.pid}`);
}
if (listenFds > 1) {
	throw new Error(
		`only one socket is allowed for socket activation, but LISTEN_FDS is ${listenFds}`
	);
}
const socketActivation = listenPid === process.pid && listenFds === 1;

// Pages and their data go out compressed (brotli or gzip, as the browser offers) from the portal
// itself, not only behind a proxy: teachers open them on village links. Static files come
// precompressed from the build; images are left as they are.
const compress = compression();
const server = http.createServer((req, res) => {
	res.setHeader('X-Content-Type-Options', 'nosniff');
	compress(req, res, () =>
		handler(req, res, () => {
			res.statusCode = 404;
			res.end('Not Found');
		})
	);
});
const keepAlive = timeout_env('KEEP_ALIVE_TIMEOUT');
if (keepAlive !== undefined) server.keepAliveTimeout = keepAlive * 1000;
const headersTimeout = timeout_env('HEADERS_TIMEOUT');
if (headersTimeout !== undefined) server.headersTimeout = headersTimeout * 1000;

let requests = 0;
let shutdownTimer;
let idleTimer;

function gracefulShutdown(reason) {
	if (shutdownTimer) return;
	// A keep-alive connection would otherwise hold close() until it times out.
	server.closeIdleConnections();
	server.close((error) => {
		if (error) return;
		clearTimeout(shutdownTimer);
		clearTimeout(idleTimer);
		process.emit('sveltekit:shutdown', reason);
	});
	shutdownTimer = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
}

server.on('request', (req) => {
	requests++;
	if (socketActivation && idleTimer) idleTimer = clearTimeout(idleTimer);
	req.on('close', () => {
		requests--;
		if (shutdownTimer) server.closeIdleConnections();
		if (requests === 0 && socketActivation && idleTimeout) {
			idleTimer = setTimeout(() => gracefulShutdown('IDLE'), idleTimeout * 1000);
		}
	});
});

process.on('SIGTERM', gracefulShutdown);
process.on('SIGINT', gracefulShutdown);

if (socketActivation) {
	await new Promise((resolve) => server.listen({ fd: SD_LISTEN_FDS_START }, resolve));
	console.log(`Listening on file descriptor ${SD_LISTEN_FDS_START}`);
} else {
	if (socketPath) {
		// A stale socket file from an earlier run would refuse the listen.
		try {
			if (fs.statSync(socketPath).size === 0) fs.rmSync(socketPath);
		} catch {
			// none there
		}
	}
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(socketPath ? { path: socketPath } : { host, port: Number(port) }, resolve);
	});
	console.log(`Listening on ${socketPath || `http://${host}:${port}`}`);
}
console.log(
	`Sapling is listening on ${process.env.ORIGIN} (database ${process.env.DATABASE_PATH || 'data/sapling.db'})`
);
