import { describe, expect, it } from 'vitest';
import { createTestDb } from '../testing/db';
import { getSqlite } from '.';
import { refreshStatistics } from './statistics';

describe('query planner statistics', () => {
	it('are written for a program that has none, so lists use their indexes', async () => {
		await createTestDb();
		const sqlite = getSqlite();
		const insert = sqlite.prepare(
			`insert into audit_log (actor_id, subject, subject_id, action, at) values (null, ?, ?, 'create', ?)`
		);
		sqlite.transaction(() => {
			for (let i = 0; i < 2000; i++) insert.run(i % 3 ? 'request' : 'pledge', i, i);
		})();
		const stats = () =>
			(
				sqlite
					.prepare(`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`)
					.get() as {
					n: number;
				}
			).n > 0
				? (sqlite
						.prepare(`select tbl from sqlite_stat1 where tbl = 'audit_log'`)
						.all() as unknown[])
				: [];
		expect(stats()).toEqual([]);
		refreshStatistics(sqlite, true);
		expect(stats().length).toBeGreaterThan(0);
	});
});
