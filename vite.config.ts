import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { findBinaries } from './scripts/pg-cluster.js';

// Under Vitest the messages are compiled beforehand (npm run test:unit): the plugin's watcher
// otherwise keeps the run alive for ten seconds at exit.
const i18n = process.env.VITEST
	? []
	: [
			paraglideVitePlugin({
				project: './project.inlang',
				outdir: './src/lib/paraglide',
				strategy: ['cookie', 'preferredLanguage', 'baseLocale']
			})
		];

/**
 * Tests that are about SQLite itself (its files, pragmas, query plans, backups) or that drive it
 * directly: the PostgreSQL half runs everything else.
 */
const SQLITE_ONLY = [
	'src/lib/server/db/index.test.ts', // the SQLite file, its modes and its statement cache
	'src/lib/server/db/backup.test.ts', // SQLite's online backup (pg_dump for PostgreSQL)
	'src/lib/server/db/migrate.test.ts', // SQLite's table rebuilds and crash recovery
	'src/lib/server/db/statistics.test.ts', // PRAGMA optimize (autovacuum on PostgreSQL)
	'src/lib/server/db/migrations/catalog-names.test.ts', // the SQLite rebuild of one table
	'src/lib/server/demo/query-plans.test.ts', // SQLite's EXPLAIN QUERY PLAN
	'src/lib/server/demo/query-counts.test.ts', // grows the data through the SQLite handle
	'src/lib/server/demo/large.test.ts', // the large generator writes SQLite directly
	'src/lib/server/http.test.ts', // a read-only SQLite file
	'src/routes/healthz/healthz.test.ts' // a read-only or full SQLite file
];

/**
 * The PostgreSQL half needs a server: TEST_DATABASE_URL, or PostgreSQL's programs to start a
 * throwaway cluster. Without either it is skipped, and says so; on CI it is never skipped.
 */
const postgres = Boolean(process.env.TEST_DATABASE_URL || findBinaries());
if (!postgres && process.env.VITEST) {
	if (process.env.CI) throw new Error('CI must run the PostgreSQL half: install postgresql');
	console.warn(
		'\n  PostgreSQL is not installed: the PostgreSQL half of the suite is SKIPPED.' +
			'\n  Install it (apt-get install postgresql) or set TEST_DATABASE_URL to run both halves.\n'
	);
}

const test = {
	environment: 'node',
	expect: { requireAssertions: true },
	testTimeout: 20_000
} as const;

export default defineConfig({
	plugins: [sveltekit(), ...i18n],
	test: {
		projects: [
			{
				extends: true as const,
				test: {
					...test,
					name: 'sqlite',
					include: ['src/**/*.test.ts'],
					// Tests that need both engines at once (db:copy): the PostgreSQL half runs them.
					exclude: ['src/**/*.postgres.test.ts'],
					env: { SAPLING_TEST_ENGINE: 'sqlite' }
				}
			},
			...(postgres
				? [
						{
							extends: true as const,
							test: {
								...test,
								name: 'postgres',
								include: ['src/**/*.test.ts'],
								exclude: SQLITE_ONLY,
								env: { SAPLING_TEST_ENGINE: 'postgres' },
								globalSetup: ['src/lib/server/testing/postgres-setup.ts']
							}
						}
					]
				: [])
		]
	}
});
