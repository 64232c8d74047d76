// Vitest's global set-up for the PostgreSQL half of the suite: a server (TEST_DATABASE_URL, or a
// throwaway cluster started here and stopped at the end), and one database migrated once as the
// template every test's fresh database is cloned from.
import fs from 'node:fs';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startCluster } from '../../../../scripts/pg-cluster.js';
import { migrateToLatest } from '../db/migrate';
import { createPostgresDb } from '../db/postgres';
import { TEMPLATE, withDatabase } from './postgres';

declare module 'vitest' {
	export interface ProvidedContext {
		postgresUrl: string;
	}
}

export default async function setup(project: TestProject) {
	const cluster = process.env.TEST_DATABASE_URL ? undefined : startCluster();
	const stop = () => {
		cluster?.stop();
		if (cluster) fs.rmSync(cluster.dir, { recursive: true, force: true });
	};
	const url = process.env.TEST_DATABASE_URL ?? cluster!.url;
	try {
		await makeTemplate(url);
	} catch (e) {
		stop();
		throw e;
	}
	project.provide('postgresUrl', url);
	return stop;
}

async function makeTemplate(url: string): Promise<void> {
	const admin = new pg.Client({ connectionString: url });
	await admin.connect();
	try {
		await admin.query(`drop database if exists ${TEMPLATE}`);
		await admin.query(`create database ${TEMPLATE}`);
	} finally {
		await admin.end();
	}
	const db = createPostgresDb(withDatabase(url, TEMPLATE), { max: 1 });
	try {
		await migrateToLatest(db);
	} finally {
		await db.destroy();
	}
}
