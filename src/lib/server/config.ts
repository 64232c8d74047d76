import path from 'node:path';
import { DEFAULT_POOL_SIZE } from './db/postgres';

/** Configuration from the environment, each with an embedded default (see the README's table). */
export const config = {
	/** `postgres://…` runs Sapling on PostgreSQL; unset, on the SQLite file at DATABASE_PATH. */
	get databaseUrl(): string | undefined {
		return process.env.DATABASE_URL || undefined;
	},
	/** Connections each app instance keeps to PostgreSQL. */
	get databasePoolSize(): number {
		const n = Number(process.env.DATABASE_POOL_SIZE);
		return Number.isInteger(n) && n > 0 ? n : DEFAULT_POOL_SIZE;
	},
	get databasePath(): string {
		return process.env.DATABASE_PATH || path.join('data', 'sapling.db');
	},
	get uploadsDir(): string {
		return process.env.UPLOADS_DIR || path.join(path.dirname(this.databasePath), 'uploads');
	},
	get timeZone(): string {
		return process.env.TIME_ZONE || 'Asia/Shanghai';
	}
};
