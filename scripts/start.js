// Production start: the built portal with embedded defaults for its configuration.
import fs from 'node:fs';

process.env.PORT ||= '3000';
process.env.ORIGIN ||= `http://localhost:${process.env.PORT}`;
// Photos of receipts come from phones: allow the 4 photos of 8 MB that one receipt or thank-you form takes.
process.env.BODY_SIZE_LIMIT ||= '36M';

if (!fs.existsSync(new URL('../build/index.js', import.meta.url))) {
	console.error('No build found. Run `npm run build` first (or `npm run demo`, which builds).');
	process.exit(1);
}
await import('../build/index.js');
console.log(
	`Sapling is listening on ${process.env.ORIGIN} (database ${process.env.DATABASE_PATH || 'data/sapling.db'})`
);
