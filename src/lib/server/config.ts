import path from 'node:path';

/** Configuration from the environment, each with an embedded default (see the README's table). */
export const config = {
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
